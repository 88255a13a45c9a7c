"""gunicorn's logger, with the secrets in link addresses redacted from the access log.

`make run` (scripts/run) and production start gunicorn with
`--logger-class leernetwerk.gunicorn_logging.RedactingLogger`. Every value an access-log line can
show (request line, path, query string, Referer and the other headers, environ) is redacted, so a
custom `--access-logformat` cannot bring the secrets back.
"""

from gunicorn.glogging import Logger

from .secret_paths import redact_secret_paths


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        return {
            key: redact_secret_paths(value) for key, value in super().atoms(resp, req, environ, request_time).items()
        }
