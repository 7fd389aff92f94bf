"""The async-friendly fixture with asyncpg: acquiring never blocks the event loop."""

import asyncio

import asyncpg


def test_asyncpg_gets_its_own_databases(pgtestbed_async):
    async def scenario():
        first, second = await asyncio.gather(pgtestbed_async.acquire(), pgtestbed_async.acquire())
        assert first != second
        conn = await asyncpg.connect(first)
        try:
            await conn.execute("INSERT INTO users (email) VALUES ('bob@example.com')")
            assert await conn.fetchval("SELECT count(*) FROM users") == 2
        finally:
            await conn.close()
        conn = await asyncpg.connect(second)
        try:
            assert await conn.fetchval("SELECT count(*) FROM users") == 1
        finally:
            await conn.close()

    asyncio.run(scenario())
