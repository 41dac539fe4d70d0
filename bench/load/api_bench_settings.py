"""Settings of the API bench (``bench/api_bench.py``): the load test's settings, with the API's rate
limit raised so far that the bench's thousands of requests from one address are never refused. The
limiter still counts every request in the cache, as in production."""

from bench_settings import *  # noqa: F403
from bench_settings import REST_FRAMEWORK

REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_CLASSES": ["bench_throttles.UnlimitedClientRateThrottle"],
}
