// The service's schema: plain SQL migrations, applied in name order into the template that every
// test's database is cloned from.
export default { migrations: 'migrations' }
