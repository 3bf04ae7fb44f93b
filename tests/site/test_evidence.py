"""Evidence labels (issue 23): every step says what it rests on, in its reference section and behind
the step's disclosure in a guide result, from the same data in the tree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from decision_tree import api, load_tree, render
from decision_tree.model import Tree
from tools.stable_links import article, load_html, page_file

TREE = load_tree()


@pytest.mark.parametrize("intervention_id", sorted(TREE.interventions))
def test_the_reference_section_carries_its_evidence(site: Path, tree: Tree, intervention_id: str) -> None:
    intervention = tree.interventions[intervention_id]
    path, _, anchor = intervention.url.partition("#")
    html = page_file(site, path).read_text(encoding="utf-8")
    start = html.index(f'id="{anchor}"')
    after = html[start:]
    following = re.search(r"<h2 ", after[1:])
    section = after[: following.start() + 1] if following else after
    label = re.search(r'<p class="guide-evidence" data-evidence="([a-z ]+)">(.*?)</p>', section, re.S)
    assert label is not None, f"{path}#{anchor} shows no evidence label"
    assert label.group(1).split() == list(dict.fromkeys(e.basis for e in intervention.evidence))
    for evidence in intervention.evidence:
        if evidence.ref:
            assert f"references/#{evidence.ref}" in label.group(2), evidence


def test_every_cited_reference_exists(site: Path, tree: Tree) -> None:
    main = article(load_html(page_file(site, "references/")))
    assert main is not None
    for intervention in tree.interventions.values():
        for evidence in intervention.evidence:
            if evidence.ref:
                assert main.by_id(evidence.ref) is not None, (intervention.id, evidence.ref)


def test_a_result_shows_the_evidence_behind_each_steps_disclosure(tree: Tree) -> None:
    html = render.view_html(api.view(tree, "risk=no&phase=ongoing&signs=explicit-blame,missed-session"), "../")
    for step in re.findall(r'data-intervention="([a-z-]+)"[^>]*>(.*?)</details>', html, re.S):
        intervention, body = step
        more = body[body.index("<details") :]
        assert 'class="guide-evidence"' in more, intervention
        assert 'class="guide-evidence"' not in body[: body.index("<details")], intervention
