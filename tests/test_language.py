"""Language identification: langdetect's answers, deterministic, from a table built lazily."""

from __future__ import annotations

import pytest
from langdetect import DetectorFactory
from langdetect.detector_factory import PROFILES_DIRECTORY

from extractors.language import _factory, detect_language

SAMPLES = {
    "en": "The city council voted on Tuesday to extend the bus lanes along the river road.",
    "de": "Der Stadtrat hat am Dienstag beschlossen, die Busspuren am Fluss zu verlängern.",
    "fr": "Le conseil municipal a voté mardi pour prolonger les voies de bus le long du fleuve.",
    "ru": "Городской совет во вторник проголосовал за продление автобусных полос вдоль реки.",
    "zh": "市议会周二投票决定延长沿河道路的公交专用道，居民对此表示欢迎。",
}


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_detects_the_language_of_a_sentence(language: str) -> None:
    assert detect_language(SAMPLES[language], max_chars=400, min_letters=20) == language


def test_same_text_same_answer() -> None:
    text = "Ein kurzer Satz, aber nicht zu kurz, um erkannt zu werden, hoffentlich jedes Mal."
    answers = {detect_language(text, max_chars=400, min_letters=20) for _ in range(5)}
    assert answers == {"de"}


def test_too_few_letters_is_no_language() -> None:
    assert detect_language("12:30 — 4 / 5", max_chars=400, min_letters=20) is None
    assert detect_language("", max_chars=400, min_letters=20) is None


def test_lazy_table_rows_equal_langdetects_own() -> None:
    """Every row built on demand is the row langdetect's eager loader builds."""
    eager = DetectorFactory()
    eager.load_profile(PROFILES_DIRECTORY)
    lazy = _factory()
    order = [eager.langlist.index(name) for name in lazy.langlist]
    ngrams = [*list(eager.word_lang_prob_map)[::997], "the", " t", "é", "ий", "议"]
    for ngram in ngrams:
        assert ngram in lazy.word_lang_prob_map
        expected = eager.word_lang_prob_map[ngram]
        assert lazy.word_lang_prob_map[ngram] == [expected[i] for i in order]
    assert "not an n-gram" not in lazy.word_lang_prob_map
