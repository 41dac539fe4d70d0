"""The API's resources per part of the method, one module each (``governance``, ``insight``,
``participation``). Each module holds its part's serializers, views and ``urlpatterns``; ``api.urls``
gathers them. The shared machinery (pagination, sorting, problems, scopes, idempotency) stays in the
package above."""
