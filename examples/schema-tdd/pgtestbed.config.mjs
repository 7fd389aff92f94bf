// The template is built by Alembic itself (`upgrade head`), aimed at it through DATABASE_URL; it is
// rebuilt whenever a file in `inputs` changes. `down` lets `pgtestbed migrations test` walk the
// revisions back one at a time.
export default {
  migrations: {
    command: 'python3 -m alembic upgrade head',
    down: 'python3 -m alembic downgrade -1',
    inputs: ['alembic/**', 'alembic.ini'],
  },
}
