"""The lexicon read from a whole page's words gives the terms it gives from each block's text.

``content.block_scores`` takes each block's words from ``blocks.page_features`` (the page's
text lowered and tokenised once) instead of reading every text again; the terms must be
the same, and the same in every process whatever order a set holds the words in.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np

from flows.clean.blocks import page_features
from flows.clean.lexicon import NUMBER, block_terms, lexical_terms
from flows.model import Line

TEXTS = [
    "  Sign up for our Newsletter today  ",
    "",
    "ΟΔΟΣ ΣΟΦΟΚΛΕΟΥΣ: η οδός των ΑΘΗΝΩΝ",  # final sigma: lower case depends on the letters around it
    "İstanbul İZMİR ǅemal",  # characters whose lower case is longer, or title case
    "Prices from 12€ to 1,500 — call 0800 123",
    "東京の天気は晴れ、気温は20度",
    "a line\nwith a newline of its own",
    "   ",
    "··· | »",
    "the river, the bridge and the river again",
]
WEIGHTS = {"sign": -1.25, "newsletter": -2.5, "οδός": 0.75, "οδος": 0.5, "των": 0.125, "istanbul": 0.5,
           "i̇stanbul": 0.25, NUMBER: -0.375, "river": 0.625, "bridge": 0.3, "again": 0.1, "with": 0.2, "天気は晴れ": 1.0}


def test_the_words_of_a_page_give_the_terms_of_its_texts() -> None:
    lines = [Line(i, text) for i, text in enumerate(TEXTS)]
    index, _, words = page_features(lines)
    texts = [lines[i].text for i in index]
    assert len(words) == len(index)
    assert np.array_equal(block_terms(words, WEIGHTS), lexical_terms(texts, WEIGHTS))
    assert np.count_nonzero(lexical_terms(texts, WEIGHTS)) >= 5  # the weights do apply


PROGRAM = """
import json, sys
from flows.clean.lexicon import lexical_terms
words = [f"w{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(60)]  # letters only: no number tokens
weights = {word: (i % 7) * 0.1 + 1 / (i + 3) for i, word in enumerate(words)}
print(json.dumps([float(x).hex() for x in lexical_terms([" ".join(words), " ".join(words[::3])], weights)]))
"""


def test_a_term_does_not_depend_on_the_processes_hash_seed() -> None:
    outputs = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", PROGRAM], env=env, capture_output=True, text=True, check=True,
                              timeout=120)
        outputs.append(json.loads(done.stdout))
    assert float.fromhex(outputs[0][0]) > 1.0  # the weights do apply
    assert outputs[0] == outputs[1] == outputs[2]
