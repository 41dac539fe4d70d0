"""A URL configuration with faulty endpoints, to show that the API's isolation check catches them
(tests/api/test_isolation.py). Never part of the installation."""

from __future__ import annotations

from typing import Any

from django.urls import include, path
from rest_framework import generics, permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from veerkracht.agenda.models import Challenge
from veerkracht.api.serializers import ChallengeSerializer
from veerkracht.governance.models import Indicator


class EveryChallenge(generics.ListAPIView):
    """Lists every challenge, whoever asks: leaks the non-public ones."""

    permission_classes = [permissions.AllowAny]
    serializer_class = ChallengeSerializer
    queryset = Challenge.objects.order_by("pk")
    pagination_class = None


class AnyChallenge(generics.RetrieveAPIView):
    """Finds any challenge by its slug: answers 200 for another municipality's non-public one."""

    permission_classes = [permissions.AllowAny]
    serializer_class = ChallengeSerializer
    queryset = Challenge.objects.all()
    lookup_field = "slug"


class Rename(serializers.Serializer):
    name = serializers.CharField(max_length=100)


class RenameIndicator(generics.GenericAPIView):
    """Renames any indicator, whoever asks."""

    permission_classes = [permissions.AllowAny]
    serializer_class = Rename
    queryset = Indicator.objects.all()

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        indicator = self.get_object()
        given = Rename(data=request.data)
        given.is_valid(raise_exception=True)
        indicator.name = given.validated_data["name"]
        indicator.save(update_fields=["name"])
        return Response({"id": indicator.pk})


class Riddle(APIView):
    """An endpoint whose parameter names nothing the check knows how to fill."""

    permission_classes = [permissions.AllowAny]

    def get(self, request: Request, riddle: int) -> Response:
        return Response({})


api = [
    path("opgaven", EveryChallenge.as_view(), name="challenges"),
    path("opgaven/<slug:slug>", AnyChallenge.as_view(), name="challenge"),
    path("indicatoren/<int:pk>/naam", RenameIndicator.as_view(), name="indicator-name"),
    path("raadsels/<int:riddle>", Riddle.as_view(), name="riddle"),
]
urlpatterns = [path("api/v1/", include((api, "api")))]
