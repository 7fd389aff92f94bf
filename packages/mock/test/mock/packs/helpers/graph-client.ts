/**
 * A Microsoft Graph SDK client pointed at the mock. The SDK's AuthenticationHandler only attaches tokens to
 * https Graph hosts (and `customHosts` over https), so for a plain-http mock the chain starts with a two-line
 * bearer middleware instead; retries and the transport are the SDK's own RetryHandler and HTTPMessageHandler.
 */
import {
  Client,
  type Context,
  HTTPMessageHandler,
  type Middleware,
  RetryHandler,
  RetryHandlerOptions,
} from '@microsoft/microsoft-graph-client'

class BearerMiddleware implements Middleware {
  private next: Middleware | undefined
  constructor(
    private readonly token: () => Promise<string>,
    private readonly scenario: string,
  ) {}
  async execute(context: Context): Promise<void> {
    context.options ??= {}
    const options = context.options
    const headers = new Headers(options.headers as ConstructorParameters<typeof Headers>[0])
    headers.set('authorization', `Bearer ${await this.token()}`)
    headers.set('x-mock-scenario', this.scenario)
    options.headers = Object.fromEntries(headers)
    return this.next!.execute(context)
  }
  setNext(next: Middleware): void {
    this.next = next
  }
}

export function graphClient(options: {
  readonly baseUrl: string
  readonly token: () => Promise<string>
  readonly scenario?: string
  readonly maxRetries?: number
}): Client {
  const bearer = new BearerMiddleware(options.token, options.scenario ?? 'default')
  const retry = new RetryHandler(new RetryHandlerOptions(1, options.maxRetries ?? 3))
  const transport = new HTTPMessageHandler()
  bearer.setNext(retry)
  retry.setNext(transport)
  return Client.initWithMiddleware({ middleware: bearer, baseUrl: `${options.baseUrl}/` })
}
