"""Words of a Japanese text for recommendations, from the SudachiPy morphological analyser (core dictionary).

A text becomes a bag of content words: nouns in Sudachi's normalised form (so りんご, リンゴ and 林檎 are one
word), compounds of neighbouring nouns ("冷凍倉庫") and pieces the dictionary splits too finely ("金"+"型" →
"金型"). Each word keeps the form in which the text wrote it, for the reasons shown to people.
"""

import unicodedata
from functools import lru_cache

NOUN_KINDS = {"普通名詞", "固有名詞"}
RUN_PARTS = {"名詞", "接頭辞", "接尾辞"}
MAX_COMPOUND = 10
# Words that say nothing about a business (they are in almost every need).
STOPWORDS = frozenset(["会社", "企業", "当社", "弊社", "御社", "貴社", "募集", "相談", "こと", "もの", "ため", "場合", "可能", "対応", "希望", "検討", "お願い", "方", "様", "等", "以上", "以下", "年間", "全国", "地域", "内容", "詳細", "連絡", "案件", "予定", "必要", "実績", "経験", "現在", "今後", "お気軽", "ご相談", "問い合わせ", "お問い合わせ", "取引", "事業", "業務", "提供"])


@lru_cache(maxsize=1)
def _tokenizer():
    from sudachipy import Dictionary, SplitMode

    return Dictionary(dict="core").tokenizer(mode=SplitMode.C)


def _keep(word: str) -> bool:
    return len(word) >= 2 and word not in STOPWORDS and not word.isdigit()


def terms(text: str) -> dict[str, list]:
    """{word: [count, as written]} for the content words of `text`."""
    found: dict[str, list] = {}

    def add(word: str, written: str) -> None:
        word = word.casefold()
        if _keep(word) and written not in STOPWORDS:
            entry = found.setdefault(word, [0, written])
            entry[0] += 1

    text = unicodedata.normalize("NFKC", text or "")
    for line in filter(None, (line.strip() for line in text.splitlines())):
        run: list = []
        for morpheme in [*_tokenizer().tokenize(line[:2000]), None]:
            pos = morpheme.part_of_speech() if morpheme is not None else ()
            if pos and pos[0] in RUN_PARTS and pos[1] != "数詞" and pos[2] != "助数詞可能":
                run.append(morpheme)
                continue
            _add_run(run, add)
            run = []
    return found


def _add_run(run: list, add) -> None:
    for index, morpheme in enumerate(run):
        pos = morpheme.part_of_speech()
        surface = morpheme.surface()
        if pos[0] == "名詞" and pos[1] in NOUN_KINDS and pos[2] != "地名":  # regions are scored apart
            add(morpheme.normalized_form(), surface)
        if index and len(surface) == 1 and len(run[index - 1].surface()) == 1:
            pair = run[index - 1].surface() + surface
            add(pair, pair)
    while run and run[-1].part_of_speech()[0] == "接尾辞" and len(run[-1].surface()) > 1:  # 〜向け, 〜製
        run = run[:-1]
    nouns = [m for m in run if m.part_of_speech()[0] == "名詞"]
    compound = "".join(m.surface() for m in run)
    if len(nouns) >= 2 and len(compound) <= MAX_COMPOUND:
        add(compound, compound)
