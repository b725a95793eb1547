"""Factories for matching: published companies with a profile, needs."""

import io

import factory
from PIL import Image

from members.models import MemberCompany
from tests.factories import CompanyFactory, InstitutionFactory


class ProfileCompanyFactory(CompanyFactory):
    class Meta:
        model = MemberCompany

    institution = factory.SubFactory(InstitutionFactory)
    industry = "24"
    prefecture = "新潟県"
    city = "燕市"
    description = "ステンレスの精密プレス加工。"
    is_published = True


def image_bytes(fmt: str = "PNG", size=(40, 30), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


def without_tokens(content: bytes) -> bytes:
    """The page minus what differs by design: the CSRF token and the requested path in the language form."""
    import re

    content = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)
    return re.sub(rb'name="next" type="hidden" value="[^"]+"', b"", content)


class NeedFactory(factory.django.DjangoModelFactory):
    """A need written straight to the table; `index` (default on) fills its search columns like the service."""

    class Meta:
        model = "members.Need"
        skip_postgeneration_save = True

    company = factory.SubFactory(ProfileCompanyFactory)
    kind = "buy"
    title = factory.Sequence(lambda n: f"協力会社を探しています{n}")
    body = "ステンレス部品の試作をお願いできる会社を探しています。"
    industry = "24"
    is_nationwide = True

    @factory.post_generation
    def prefectures(obj, create, extracted, **kwargs):
        from members.models import NeedRegion

        if create and extracted:
            NeedRegion.objects.bulk_create([NeedRegion(need=obj, prefecture=name) for name in extracted])

    @factory.post_generation
    def index(obj, create, extracted, **kwargs):
        from members.matching.needs import index_need
        from members.models import NeedRegion

        if create and extracted is not False:
            index_need(obj, list(NeedRegion.objects.unscoped("factory").filter(need=obj).values_list("prefecture", flat=True)))
