// The example project's pgtestbed configuration: its SQL migrations build the template.
export default { migrations: 'migrations' }
