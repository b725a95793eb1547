"""Recommendations: which open needs of other companies fit a member company, and why.

Each need and each company profile carries its words (members.matching.analysis, SudachiPy). A company's
text is its profile plus its own open needs; a need's text is its title (twice) and body. The score adds:
- text similarity: TF-IDF cosine (sublinear term frequency, IDF over the open needs), shown as the words
  that matched ("一致した語: 金型, 試作");
- industry: the need asks for the company's industry (or its major group), the poster is in the same
  industry, or the two major groups commonly trade (members.matching.industries.COMPLEMENTARY);
- region: the need targets the company's prefecture, or the poster is in the same prefecture or region.
Only needs with a text reason or a direct industry reason are kept, so every item has a reason a person
can check.

The job loads the open needs once (`Corpus`), then scores companies against it through an inverted index,
so a run costs about (needs + companies × candidates), not companies × needs.
"""

import math
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from members.models import MemberCompany, Need, NeedRegion

from . import industries
from .regions import REGION_OF

TEXT_WEIGHT = 0.6
REASON_WEIGHTS = {
    "wanted_industry": 0.35, "wanted_major": 0.15, "same_industry": 0.15, "complementary": 0.15,
    "target_prefecture": 0.2, "same_prefecture": 0.1, "same_region": 0.05, "nationwide": 0.02,
}
# A reason that can carry a recommendation on its own; the others (complementary industries, region) only
# add to one, or a farm would be shown every maker's needs.
SUBSTANTIAL = {"terms", "wanted_industry", "wanted_major", "same_industry"}
MIN_SCORE = 0.12
MIN_TEXT = 0.06
WORDS_SHOWN = 4


@dataclass
class NeedDoc:
    pk: int
    company_id: int
    industry: str
    poster_industry: str
    poster_prefecture: str
    nationwide: bool
    prefectures: set[str]
    words: dict[str, list]
    vector: dict[str, float] = field(default_factory=dict)


@dataclass
class CompanyDoc:
    pk: int
    industry: str
    prefecture: str
    words: dict[str, int]


def _tf(count: int) -> float:
    return 1.0 + math.log(count)


def _normalised(weights: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {term: w / norm for term, w in weights.items()}


class Corpus:
    """The open, published needs with their TF-IDF vectors and the indexes that find candidates."""

    def __init__(self, needs: list[NeedDoc]):
        self.needs = {need.pk: need for need in needs}
        frequency: dict[str, int] = {}
        for need in needs:
            for term in need.words:
                frequency[term] = frequency.get(term, 0) + 1
        total = len(needs)
        self.idf = {term: math.log((total + 1) / (df + 1)) + 1.0 for term, df in frequency.items()}
        self.postings: dict[str, list[tuple[int, float]]] = {}
        self.by_key: dict[tuple[str, str], set[int]] = {}
        for need in needs:
            need.vector = _normalised({term: _tf(count) * self.idf[term] for term, (count, _written) in
                                       need.words.items()})
            for term, weight in need.vector.items():
                self.postings.setdefault(term, []).append((need.pk, weight))
            keys = [("wanted", need.industry), ("wanted_major", industries.major_of(need.industry)),
                    ("poster", need.poster_industry), ("poster_major", industries.major_of(need.poster_industry))]
            keys += [("prefecture", name) for name in need.prefectures]
            for key in keys:
                if key[1]:
                    self.by_key.setdefault(key, set()).add(need.pk)

    @classmethod
    def load(cls) -> "Corpus":
        rows = list(Need.objects.published_for_matching().values_list(
            "pk", "company_id", "industry", "company__industry", "company__prefecture", "is_nationwide",
            "match_terms"))
        regions: dict[int, set[str]] = {}
        for need_id, prefecture in NeedRegion.objects.unscoped("regions of the open needs, for the job").filter(
                need__in=Need.objects.published_for_matching().values("pk")).values_list("need_id", "prefecture"):
            regions.setdefault(need_id, set()).add(prefecture)
        return cls([NeedDoc(pk, company_id, industry or "", poster_industry or "", poster_prefecture or "",
                            nationwide, regions.get(pk, set()), words or {})
                    for pk, company_id, industry, poster_industry, poster_prefecture, nationwide, words in rows])

    def _candidates(self, company: CompanyDoc, vector: dict[str, float]) -> dict[int, float]:
        dots: dict[int, float] = {}
        for term, weight in vector.items():
            for need_id, need_weight in self.postings.get(term, ()):
                dots[need_id] = dots.get(need_id, 0.0) + weight * need_weight
        major = industries.major_of(company.industry)
        keys = [("wanted", company.industry), ("wanted_major", major), ("poster", company.industry)]
        keys += [("poster_major", other) for other, _label in industries.MAJOR_CHOICES
                 if frozenset((major, other)) in industries.COMPLEMENTARY]
        for key in keys:
            for need_id in self.by_key.get(key, ()):
                dots.setdefault(need_id, 0.0)
        return dots

    def recommend(self, company: CompanyDoc, *, exclude: set[int], limit: int) -> list[tuple[int, float, list]]:
        """The best needs for `company` as (need id, score, reasons), best first."""
        vector = _normalised({term: _tf(count) * self.idf.get(term, 1.0) for term, count in company.words.items()
                              if term in self.idf})
        scored = []
        for need_id, text in self._candidates(company, vector).items():
            need = self.needs[need_id]
            if need.company_id == company.pk or need_id in exclude:
                continue
            reasons = _reasons(company, need, vector, text)
            if not any(reason["code"] in SUBSTANTIAL for reason in reasons):
                continue
            score = TEXT_WEIGHT * text + sum(REASON_WEIGHTS.get(reason["code"], 0.0) for reason in reasons)
            if score >= MIN_SCORE:
                scored.append((need_id, round(score, 4), reasons))
        scored.sort(key=lambda item: (-item[1], -item[0]))
        return scored[:limit]


def _reasons(company: CompanyDoc, need: NeedDoc, vector: dict[str, float], text: float) -> list[dict]:
    reasons = []
    if text >= MIN_TEXT:
        shared = sorted((term for term in vector if term in need.vector),
                        key=lambda term: -vector[term] * need.vector[term])
        words = []
        for term in shared:
            written = need.words[term][1]
            if not any(written in other or other in written for other in words):  # 金型 or 精密金型加工, not both
                words.append(written)
            if len(words) == WORDS_SHOWN:
                break
        if words:
            reasons.append({"code": "terms", "words": words})
    major = industries.major_of(company.industry)
    if need.industry and need.industry == company.industry:
        reasons.append({"code": "wanted_industry", "industry": need.industry})
    elif need.industry and industries.major_of(need.industry) == major:
        reasons.append({"code": "wanted_major", "industry": major})
    if need.poster_industry and need.poster_industry == company.industry:
        reasons.append({"code": "same_industry", "industry": company.industry})
    elif industries.are_complementary(company.industry, need.poster_industry):
        reasons.append({"code": "complementary", "a": major, "b": industries.major_of(need.poster_industry)})
    if company.prefecture in need.prefectures:
        reasons.append({"code": "target_prefecture", "prefecture": company.prefecture})
    elif need.nationwide:
        reasons.append({"code": "nationwide"})
    if company.prefecture and company.prefecture == need.poster_prefecture:
        reasons.append({"code": "same_prefecture", "prefecture": company.prefecture})
    elif REGION_OF.get(company.prefecture) and REGION_OF.get(company.prefecture) == REGION_OF.get(
            need.poster_prefecture):
        reasons.append({"code": "same_region", "region": REGION_OF[company.prefecture]})
    return reasons


def company_docs(company_ids: list[int]) -> list[CompanyDoc]:
    """Each company's words: its profile plus its own open needs."""
    companies = MemberCompany.objects.unscoped("the recommendation job reads the companies it serves").filter(
        pk__in=company_ids).values_list("pk", "industry", "prefecture", "match_terms")
    own: dict[int, dict[str, int]] = {}
    for company_id, words in Need.objects.unscoped("a company's own needs, for its recommendations").filter(
            Q(company_id__in=company_ids)).open().values_list("company_id", "match_terms"):
        merged = own.setdefault(company_id, {})
        for term, (count, _written) in (words or {}).items():
            merged[term] = merged.get(term, 0) + count
    docs = []
    for pk, industry, prefecture, words in companies:
        merged = dict(own.get(pk, {}))
        for term, (count, _written) in (words or {}).items():
            merged[term] = merged.get(term, 0) + count
        docs.append(CompanyDoc(pk, industry or "", prefecture or "", merged))
    return docs


def per_company() -> int:
    return settings.RECOMMENDATIONS_PER_COMPANY


def reason_text(reason: dict) -> str:
    """A stored reason in words, in the reader's language."""
    code = reason.get("code")
    if code == "terms":
        return _("一致した語: %(words)s") % {"words": ", ".join(reason.get("words", []))}
    if code == "wanted_industry":
        return _("求める業種: %(industry)s") % {"industry": industries.label_of(reason.get("industry", ""))}
    if code == "wanted_major":
        return _("求める業種に近い: %(industry)s") % {"industry": industries.label_of(reason.get("industry", ""))}
    if code == "same_industry":
        return _("同じ業種（%(industry)s）") % {"industry": industries.label_of(reason.get("industry", ""))}
    if code == "complementary":
        return _("取引の多い業種の組み合わせ: %(a)s × %(b)s") % {
            "a": industries.label_of(reason.get("a", "")), "b": industries.label_of(reason.get("b", ""))}
    if code == "target_prefecture":
        return _("対象地域: %(prefecture)s") % {"prefecture": reason.get("prefecture", "")}
    if code == "nationwide":
        return _("全国が対象")
    if code == "same_prefecture":
        return _("同じ県の企業（%(prefecture)s）") % {"prefecture": reason.get("prefecture", "")}
    if code == "same_region":
        return _("近隣の地域（%(region)s）") % {"region": reason.get("region", "")}
    return ""
