/**
 * The guide's bookings against a mock server running apart — `pgtestbed mock serve --https` — with the same
 * app code and settings as booking-app.test.ts; only the base URL (argv) and the CA (NODE_EXTRA_CA_CERTS,
 * printed by `mock serve --https`) differ. Prints the bookings per scenario as one JSON line.
 *
 * Usage: NODE_EXTRA_CA_CERTS=<ca file> npx jiti examples/calendar-guide/book-against-mock.ts https://127.0.0.1:<port>
 */
import { bookWithGoogle, bookWithMicrosoft } from './booking-app.js'
import { apps, googleMeeting, msMeeting } from './guide-settings.js'

const mockUrl = process.argv[2]
if (mockUrl === undefined || !/^https?:\/\//.test(mockUrl)) {
  process.stderr.write('usage: book-against-mock.ts <mock url, as `mock serve` prints it>\n')
  process.exit(2)
}
const bookings: Record<string, unknown> = {}
for (const scenario of ['default', 'expired-token', 'throttled']) {
  const { google, graph } = apps(mockUrl, scenario)
  bookings[scenario] = {
    google: await bookWithGoogle(google, googleMeeting),
    microsoft: await bookWithMicrosoft(graph, msMeeting),
  }
}
console.log(JSON.stringify(bookings))
