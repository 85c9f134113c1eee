import type { ApiClient, Json, RequestOptions } from './client.js';
import { ApiError, CliError, EXIT } from './errors.js';

/**
 * A request to the sandbox controls (`/_sandbox…` with `OPEN_NUMBERS_ADMIN_TOKEN`). The two
 * refusals every sandbox command can meet get one line saying what to do: a server without
 * `/_sandbox` (operator mode, or not Open Numbers at all) and a wrong admin token.
 */
export async function sandboxRequest<T = Json>(
  client: ApiClient,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  try {
    return await client.operator<T>(method, `/_sandbox${path}`, options);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const where = client.settings.baseUrl;
    if (error.httpStatus === 404 && /^No route for /.test(error.body?.message ?? ''))
      throw new CliError(
        `${where} has no sandbox controls (/_sandbox): it runs in operator mode (OPEN_NUMBERS_MODE=operator)`,
        EXIT.refused,
        error.details,
      );
    if (error.httpStatus === 401 || error.httpStatus === 403)
      throw new CliError(
        `the admin token was refused (${error.httpStatus} at ${where}/_sandbox): check OPEN_NUMBERS_ADMIN_TOKEN`,
        EXIT.refused,
        error.details,
      );
    throw error;
  }
}
