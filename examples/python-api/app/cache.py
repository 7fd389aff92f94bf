"""An in-memory cache with a time to live, and the counters behind ``/api/v1/cache/stats``."""

import time


class Cache:
    def __init__(self, ttl_seconds, clock=time.monotonic):
        self._ttl = ttl_seconds
        self._clock = clock
        self._entries = {}
        self.hits = 0
        self.misses = 0

    def get(self, key):
        """The cached value, or None; counts a hit or a miss."""
        entry = self._entries.get(key)
        if entry is not None and entry[0] > self._clock():
            self.hits += 1
            return entry[1]
        self._entries.pop(key, None)
        self.misses += 1
        return None

    def put(self, key, value):
        self._entries[key] = (self._clock() + self._ttl, value)

    def invalidate(self, prefix=""):
        """Drops the entries whose key starts with ``prefix`` (all of them by default); returns how many."""
        keys = [key for key in self._entries if key.startswith(prefix)]
        for key in keys:
            del self._entries[key]
        return len(keys)

    def stats(self):
        """Flat counters: ``hits``, ``misses``, ``size`` and ``hit_rate`` (0 before any lookup)."""
        lookups = self.hits + self.misses
        return {
            "hits": self.hits,
            "misses": self.misses,
            "size": len(self._entries),
            "hit_rate": self.hits / lookups if lookups else 0.0,
        }
