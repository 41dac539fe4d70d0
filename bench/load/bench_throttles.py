"""The API's rate limiter with a limit the bench never reaches (``api_bench_settings``)."""

from typing import Any

from rest_framework.request import Request

from veerkracht.api.throttles import ClientRateThrottle

BENCH_RATE = "100000000/min"


class UnlimitedClientRateThrottle(ClientRateThrottle):
    def allow_request(self, request: Request, view: Any) -> bool:
        self.rate = BENCH_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super(ClientRateThrottle, self).allow_request(request, view)
