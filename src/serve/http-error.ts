/**
 * An error that is an HTTP answer: status and message, sent as IntegreSQL sends its errors
 * (`{"message": "..."}`).
 * @module
 */
export class HttpError extends Error {
  readonly status: number

  constructor(status: number, message: string) {
    super(message)
    this.name = 'HttpError'
    this.status = status
  }
}
