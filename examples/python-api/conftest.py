# The pgtestbed plugin, loaded from ../../python in this checkout. Installed with pip it registers
# itself (entry point pytest11) and this line goes away.
pytest_plugins = ["pgtestbed_pytest.plugin"]
