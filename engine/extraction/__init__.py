"""Propose dated, quoted facts from news articles for a person to review.

Pipeline (`article.extract`): `text` joins hard-wrapped lines and sets captions, link lines,
date lines and the headline aside, keeping a map back to original character offsets; `nlp`
tokenises it and splits sentences (spaCy's blank English pipeline); `dates` finds the
publication date and resolves relative dates against it (spaCy Matcher, dateparser);
`entities` recognises knowledge-base entities by label, alias, demonym (spaCy
PhraseMatcher), titled officials and 'the bloc' anaphora; `patterns` reads core-vocabulary
facts, explicit negations (evidence that a fact does NOT hold) and attributions off each
sentence. `dedupe` spots two versions of one
article; `writer` adds candidates to facts files as unreviewed entries (ruamel, atomic) and
accepts or rejects them; `kb_status` holds candidates against the knowledge base.
"""
