"""The API's rate limiter with a limit the bench never reaches (``api_bench_settings``).

It does the work of the production limiter on every request — read the caller's history from the
cache, add this request, write it back — but keeps the history as long as production's anonymous
limit allows (``ANONYMOUS_RATE``), not the thousands of requests a bench sends in a minute: a history
that long would make each request read and write a list of thousands of times, which no production
caller ever causes."""

from typing import Any

from rest_framework.request import Request

from veerkracht.api.throttles import ANONYMOUS_RATE, ClientRateThrottle

BENCH_RATE = "100000000/min"
PRODUCTION_HISTORY = int(ANONYMOUS_RATE.split("/")[0])


class UnlimitedClientRateThrottle(ClientRateThrottle):
    def allow_request(self, request: Request, view: Any) -> bool:
        self.rate = BENCH_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super(ClientRateThrottle, self).allow_request(request, view)

    def throttle_success(self) -> bool:
        self.history.insert(0, self.now)
        del self.history[PRODUCTION_HISTORY:]
        self.cache.set(self.key, self.history, self.duration)
        return True
