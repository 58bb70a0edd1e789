import { SeamHttpApiError } from 'seam'

/** The SDK error a request ended with; fails the test when it succeeded or failed some other way. */
export async function sdkError(request: PromiseLike<unknown>): Promise<SeamHttpApiError> {
  try {
    await request
  } catch (error) {
    if (error instanceof SeamHttpApiError) return error
    throw error
  }
  throw new Error('expected the request to fail, but it succeeded')
}
