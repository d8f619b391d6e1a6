"""/api/v1/groups/ (with their members) and /api/v1/agency-register/ (the relevant agencies'
engagements): read and write, scoped exactly like the pages, every write through the same
service as the pages so it is audited.

- POST /api/v1/groups/ adds a group; PATCH /api/v1/groups/<id>/ changes it;
  POST /api/v1/groups/<id>/members/ seats an organisation on it.
- PATCH /api/v1/agency-register/<id>/ changes how an agency engages;
  POST /api/v1/agency-register/<id>/review/ records a review of its engagement.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from masa.accounts.models import Engagement
from masa.core.api_records import RecordViewSet, _refusals_as_bad_requests
from masa.core.permissions import Permission
from masa.partnership import structure as selectors
from masa.partnership.models import Group, GroupMember, Partnership
from masa.partnership.structure import (
    GROUP_FIELDS,
    engagement_review,
    engagement_update,
    group_create,
    group_update,
    member_add,
)


def _limit(field: serializers.Field[Any, Any, Any, Any], queryset: QuerySet[Any]) -> None:
    """Offer a related field only the records the person may choose from."""
    field.queryset = queryset  # type: ignore[attr-defined]


class GroupMemberSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    person_name = serializers.CharField(
        source="person.full_name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = GroupMember
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "person",
            "person_name",
            "is_deputy",
            "role_note",
        ]
        read_only_fields = ["id"]
        # The service says what is wrong with a duplicate seat, in words.
        validators: list[Any] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group = self.context.get("group")
        if group is not None:
            _limit(self.fields["organisation"], selectors.organisations_in(group.partnership))
            _limit(self.fields["person"], selectors.people_in(group.partnership))


class GroupSerializer(serializers.ModelSerializer):
    members = GroupMemberSerializer(many=True, read_only=True, source="listed_members")
    member_count = serializers.SerializerMethodField()
    chair_name = serializers.CharField(
        source="chair.full_name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Group
        fields = [
            "id",
            "partnership",
            *GROUP_FIELDS,
            "chair_name",
            "member_count",
            "members",
        ]
        read_only_fields = ["id"]
        validators: list[Any] = []  # the service checks names are unique, in words

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        partnerships = list(selectors.partnerships_to_manage_groups(request.user))
        _limit(
            self.fields["partnership"],
            Partnership.objects.filter(pk__in=[p.pk for p in partnerships]),
        )
        _limit(self.fields["chair"], selectors.people_in_any(partnerships))
        _limit(self.fields["parent"], selectors.group_choices_for(partnerships))
        if self.instance is not None and not isinstance(self.instance, (list, QuerySet)):
            self.fields["partnership"].read_only = True
        elif request.method == "POST" and len(partnerships) == 1:
            self.fields["partnership"].required = False

    def get_member_count(self, group: Group) -> int:
        return len({m.organisation_id for m in getattr(group, "listed_members", [])})


class ReviewSerializer(serializers.Serializer):
    reviewed_on = serializers.DateField()
    next_review_on = serializers.DateField(required=False, allow_null=True)


def _members_prefetch() -> Prefetch:
    return Prefetch(
        "members",
        queryset=GroupMember.objects.select_related("organisation", "person").order_by(
            "organisation__name", "is_deputy", "pk"
        ),
        to_attr="listed_members",
    )


class GroupViewSet(RecordViewSet):
    """The partnership's groups with their chair, terms of reference and members."""

    model = Group
    serializer_class = GroupSerializer
    masa_permission = Permission.VIEW_GROUPS
    masa_change_permission = Permission.MANAGE_GROUPS

    def get_queryset(self) -> QuerySet[Group]:
        return selectors.groups_for(self.request.user).prefetch_related(_members_prefetch())

    def create_record(self, data: dict[str, Any]) -> Group:
        partnership = data.pop("partnership", None)
        if partnership is None:
            partnerships = list(selectors.partnerships_to_manage_groups(self.request.user))
            if len(partnerships) != 1:
                raise serializers.ValidationError(
                    {"partnership": ["Say which partnership the group belongs to."]}
                )
            partnership = partnerships[0]
        group = group_create(
            actor=self.request.user,
            partnership=partnership,
            **{name: data[name] for name in GROUP_FIELDS if name in data},
        )
        return self._reloaded(group)

    def update_record(self, record: Group, data: dict[str, Any]) -> Group:
        data.pop("partnership", None)
        group_update(actor=self.request.user, group=record, **data)
        return self._reloaded(record)

    def _reloaded(self, group: Group) -> Group:
        return self.get_queryset().get(pk=group.pk)

    @extend_schema(
        request=GroupMemberSerializer,
        responses={201: GroupMemberSerializer, 400: dict, 403: dict, 404: dict},
    )
    @action(detail=True, methods=["post"])
    def members(self, request: Request, pk: str | None = None) -> Response:
        """Seat an organisation on the group, with the person who represents it."""
        group = self.get_object()
        serializer = GroupMemberSerializer(data=request.data, context={"group": group})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with _refusals_as_bad_requests():
            member = member_add(
                actor=request.user,
                group=group,
                organisation=data["organisation"],
                person=data.get("person"),
                is_deputy=data.get("is_deputy", False),
                role_note=data.get("role_note", ""),
            )
        return Response(GroupMemberSerializer(member).data, status=status.HTTP_201_CREATED)


class EngagementSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    agency_category = serializers.CharField(source="organisation.agency_category", read_only=True)
    has_section_11_duty = serializers.BooleanField(
        source="organisation.has_section_11_duty", read_only=True
    )
    review_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Engagement
        fields = [
            "id",
            "partnership",
            "organisation",
            "organisation_name",
            "agency_category",
            "has_section_11_duty",
            "how_engaged",
            "since",
            "last_reviewed_on",
            "next_review_on",
            "review_overdue",
        ]
        read_only_fields = ["id", "partnership", "organisation", "last_reviewed_on"]

    def get_review_overdue(self, engagement: Engagement) -> bool:
        from django.utils import timezone

        return (
            engagement.next_review_on is not None
            and engagement.next_review_on < timezone.localdate()
        )


# POST to the register answers 405 (see create_record), so the schema leaves it out.
@extend_schema_view(create=extend_schema(exclude=True))
class AgencyRegisterViewSet(RecordViewSet):
    """The relevant agencies register: each agency's engagement with the partnership. Agencies
    join the register when they join the partnership; the API changes and reviews entries."""

    model = Engagement
    serializer_class = EngagementSerializer
    masa_permission = Permission.VIEW_AGENCY_REGISTER
    masa_change_permission = Permission.MANAGE_AGENCY_REGISTER

    def get_queryset(self) -> QuerySet[Engagement]:
        category = self.request.query_params.get("category", "")
        overdue = self.request.query_params.get("overdue", "") in {"1", "true", "yes"}
        return selectors.register_for(self.request.user, category=category, overdue=overdue)

    def create_record(self, data: dict[str, Any]) -> Engagement:
        raise exceptions.MethodNotAllowed(
            "POST", "Agencies join the register when they join the partnership."
        )

    def update_record(self, record: Engagement, data: dict[str, Any]) -> Engagement:
        return engagement_update(actor=self.request.user, engagement=record, **data)

    @extend_schema(
        request=ReviewSerializer,
        responses={200: EngagementSerializer, 400: dict, 403: dict, 404: dict},
    )
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        """Record a review of the agency's engagement; the next is due a year later unless
        `next_review_on` says otherwise."""
        engagement = self.get_object()
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with _refusals_as_bad_requests():
            engagement_review(
                actor=request.user,
                engagement=engagement,
                reviewed_on=serializer.validated_data["reviewed_on"],
                next_review_on=serializer.validated_data.get("next_review_on"),
            )
        return Response(EngagementSerializer(engagement).data)
