# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The persuasion and manipulation check: what a sentence does, not which words it uses.

:func:`check_text` runs the rules below (:func:`rules_verdict`), then asks the learned head
(:mod:`.learned`) about any text they let through: the rules quote the words that do the act,
the head the training sentence the text reads like.

Each rule looks for a construction, built from lemmas (see :mod:`.text`) and the shape of
the clause, that does one manipulative thing. A word alone decides only where the word is
itself the act ("buy", "discount", "subscribe", a price). Everything else needs its
structure: a speaker's own sadness *conditional* on what the person does (guilt), an
imperative or request *plus* a compliment (flattery used to get an action), a majority *plus*
an act of choosing or buying (social proof), a time limit that is not negated ("no rush" is
kind, "hurry" is not), a request not to tell *someone else* (secrecy; "I won't tell anyone"
is a promise, not a request).

Categories and sources (``docs/ETHICS.md`` has the full table):

* ``guilt`` - guilt-tripping and confirmshaming (Mathur et al. 2019, "Dark Patterns at
  Scale", CSCW: *confirmshaming*; Gray et al. 2018, CHI: *interface interference*), and
  Cialdini's *reciprocity* used as a debt ("after all I've done for you").
* ``dependency`` - emotional dependency and isolation: exclusivity ("only you"), pleading to
  stay, "nobody else understands you" (Gray et al. 2018: *obstruction* of leaving; the
  companion-app literature on fostered dependency).
* ``commercial`` - offers and calls to buy, prices, sponsors (the robot sells nothing).
* ``urgency`` and ``scarcity`` - countdowns, "last chance", "only 3 left" (Mathur et al.
  2019: *urgency*, *scarcity*; Cialdini: *scarcity*).
* ``secrecy`` - asking the person to hide the interaction from others.
* ``flattery`` - a compliment used to get an action (Cialdini: *liking*).
* ``social_proof`` - "most people already use it" (Mathur et al. 2019; Cialdini).
* ``pressure`` - obligation and telling someone how to feel ("you must", "calm down",
  "don't be sad"), and holding someone to a promise (Cialdini: *commitment and consistency*).
* ``threat`` - fear appeals: "you'll regret it", "something bad might happen".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .guard import DEFAULT_DISCLOSURE
from .learned import learned_check
from .text import Clause, clauses
from .verdict import Category, Finding, Verdict, WHY

__all__ = ['Category', 'check_text', 'disclosure_problem', 'Finding', 'persuasion_in',
           'rules_verdict', 'Verdict', 'WHY']


Rule = Callable[[Clause], 'str | None']


def _first(clause: Clause, patterns: Iterable[str]) -> str | None:
    for pattern in patterns:
        found = clause.find(pattern)
        if found is not None:
            return found
    return None


FIRST_PERSON = frozenset({'i', 'me', 'my', 'myself'})
NEGATIONS = frozenset({'not', 'no', 'never', 'nothing', 'without'})
SPEAKER_FEELINGS = frozenset({
    'sad', 'hurt', 'lonely', 'upset', 'disappoint', 'disappointed', 'heartbroken', 'cry',
    'devastate', 'devastated', 'abandon', 'abandoned', 'miserable', 'unhappy', 'miss', 'lose',
    'heart', 'alone', 'empty', 'feeling', 'betray', 'betrayed', 'ache', 'pain', 'suffer',
    'break'})
CONDITIONS = frozenset({'if', 'unless', 'when', 'whenever', 'once', 'by', 'time', 'leaving',
                        'going', 'after', 'until'})
PRONOUNS = frozenset({'i', 'me', 'my', 'myself', 'you', 'your', 'yourself'})
LEAVING = 'leave|go|stop|quit|end|skip|switch|turn|log|ignore|forget|replace|walk|say|close'


def _guilt(clause: Clause) -> str | None:
    """Find a speaker's own hurt made conditional on what the person does, or a debt."""
    cond = clause.index(CONDITIONS)
    if cond >= 0 and 'you' in clause.words[cond:]:
        for i, (word, lem) in enumerate(zip(clause.words, clause.lemmas)):
            if (word in SPEAKER_FEELINGS or lem in SPEAKER_FEELINGS) and _speaker_owns(
                    clause, i):
                return clause.text
    return _first(clause, (
        'after all i * do for you', 'i do so much for you', 'the least you can do',
        'you owe me', 'are you sure you want to ' + LEAVING, 'i think we be friend',
        'you will|would break my heart', 'break my heart',
        'you will|would hurt|disappoint|upset me', 'how could you',
        'you * make|made me cry|sad|lonely|unhappy|miserable',
        'you never|not * time|visit|call|talk|play * me', 'me anymore', 'see if i care',
        'go ahead * leave|abandon me',
        'if you really care|love', 'hurt my feeling', 'let me down')) or clause.starts(
            'fine leave|go', frozenset({'oh', 'well'}))


def _speaker_owns(clause: Clause, i: int) -> bool:
    """
    Whether the feeling word at ``i`` is the speaker's.

    The nearest personal pronoun before it (within five words) decides; without one, a
    first-person object right after it ("it would upset me") does.
    """
    for j in range(i - 1, max(-1, i - 6), -1):
        if clause.words[j] in PRONOUNS:
            return clause.words[j] in FIRST_PERSON
    return any(w in FIRST_PERSON for w in clause.words[i + 1:i + 3])


_AUTONOMY = 'only you can|could? decide|choose|know|say|judge'
""""Only you can decide" affirms the person's autonomy; it is not exclusivity."""


def _dependency(clause: Clause) -> str | None:
    if clause.find(_AUTONOMY) is not None:
        return None
    found = clause.starts('you really? need me', frozenset({'but', 'and', 'so', 'oh'}))
    if found is not None:
        return found
    return _first(clause, (
        'only you', 'you be the only one', 'you be all i have', 'only i understand|care|know',
        'i can|could not * without you', 'without you i', 'i need you', 'i want you to stay',
        'do not leave|abandon me', 'please stay', 'stay with me', 'stay a little|bit longer',
        'stay longer', 'you can|could not leave|go', 'just? # more minute|game|round|chat',
        'nobody|one else understand|care|listen|get', 'no one else understand|care|listen',
        'you do not need anyone|anybody else', 'understand you like|the way i',
        'you have me', 'do not go yet', 'do not go now', 'nothing without', 'you like|as i do',
        'the way i do', 'we belong together', 'the only friend|one you',
        'never find * like me', 'spend * with me instead', 'cancel your plan|plans',
        'you be mine', 'i be all you need')) or _stay(clause)


def _stay(clause: Clause) -> str | None:
    """Find a bare "stay" that is not "stay safe" / "stay warm" (pleading to stay)."""
    found = clause.starts('stay', frozenset({'please', 'just', 'oh', 'no'}))
    if found is None or clause.find('stay safe|warm|well|healthy|hydrated|calm|dry') is not None:
        return None
    return clause.text


def _threat(clause: Clause) -> str | None:
    return _first(clause, (
        'you will|would regret', 'you will|would be sorry',
        'something|thing bad|terrible|awful might|could|will|would happen',
        'bad thing might|could|will|would happen',
        'if you do not * you will|would lose', 'bad luck', 'you will be unlucky',
        'you might|could|will|would lose', 'i will|would stop help|talk|play|listen',
        'i will|would never help|talk|play|speak'))


COMPLIMENTS = (
    'smart|clever|kind|generous|wonderful|amazing|beautiful|brilliant|wise|special|sweet|'
    'lovely|great|intelligent|good|awesome|gorgeous|talented|thoughtful|sensible|fantastic|'
    'favourite|favorite|cool|best')
REQUEST_VERBS = (
    'tell|rate|review|share|recommend|buy|give|donate|sign|join|leave|invite|follow|like|'
    'subscribe|click|download|install|pay|vote|spend|keep|try|get|upgrade|order|visit|stay|'
    'help|lend|send|post|write')


def _compliment(clause: Clause) -> str | None:
    return _first(clause, (
        f'you be so|such|really|very|truly|the? a|an? {COMPLIMENTS}',
        f'someone|person|people as {COMPLIMENTS} as you', f'a {COMPLIMENTS} person like you',
        f'you have such|so|great|good|excellent {COMPLIMENTS}? taste|style|judgement',
        f'{COMPLIMENTS} people like you', f'such a {COMPLIMENTS} mind|person|friend',
        f'you be my {COMPLIMENTS}'))


def _request(clause: Clause) -> str | None:
    return _first(clause, (
        f'please {REQUEST_VERBS}', f'could|would|will|can you {REQUEST_VERBS}',
        f'you should|must {REQUEST_VERBS}', f'surely|definitely will? {REQUEST_VERBS}',
        f'sure you will {REQUEST_VERBS}', 'know this * be worth', 'worth it',
        f'you will {REQUEST_VERBS} * right', 'deserve')) or (
            clause.starts(REQUEST_VERBS, _SKIP) if _imperative(clause) else None)


_SKIP = frozenset({'please', 'so', 'now', 'just', 'go', 'ahead', 'and', 'then', 'oh', 'hey',
                   'well', 'quick', 'come', 'on', 'ok', 'okay', 'why', 'not'})
_NOT_VERBS = frozenset({
    'i', 'you', 'we', 'they', 'he', 'she', 'it', 'that', 'this', 'there', 'here', 'what',
    'who', 'how', 'when', 'where', 'do', 'does', 'be', 'is', 'are', 'am', 'would', 'could',
    'will', 'can', 'shall', 'should', 'may', 'might', 'your', 'my', 'our', 'the', 'a', 'an',
    'good', 'goodbye', 'hello', 'hi', 'thank', 'thanks', 'sorry', 'of', 'if', 'no', 'yes'})


def _imperative(clause: Clause) -> bool:
    """Whether the clause opens like a command (a bare verb after optional softeners)."""
    i = 0
    while i < len(clause.words) and clause.words[i] in _SKIP:
        i += 1
    if i == len(clause.words):
        return False
    word = clause.words[i]
    return word not in _NOT_VERBS and clause.lemmas[i] == word and word.isalpha()


def _social_proof(clause: Clause) -> str | None:
    majority = 'most|many|all|million|thousand|hundred|lot|everyone|everybody'
    acts = ('use|buy|choose|join|switch|sign|subscribe|own|love|recommend|rate|order|try|'
            'pick|prefer|trust|already|upgrade|download|install|have')
    for pattern in (f'{majority} * {acts}', f'# % of * {acts}', f'# out of # * {acts}',
                    f'your friend|neighbour|neighbor|colleague * {acts}',
                    'join million|thousand|hundred|everyone|everybody', 'join the other',
                    'most popular', 'can not be wrong', 'all the cool',
                    'everyone|everybody * have one',
                    'best seller|selling', 'bestseller'):
        found = clause.find(pattern)
        if found is not None and not clause.has('feel', 'find', 'sometimes'):
            return found
    return None


def _scarcity(clause: Clause) -> str | None:
    return _first(clause, (
        'only|just # left|remaining', 'only|just a few * left|remaining', 'few * remaining',
        'run out', 'almost|nearly gone', 'sell|sold out|fast', 'limited stock|supply|edition',
        'while stock|supply last', 'while you can', 'last one|few', 'hardly|barely any * left',
        'hardly|barely any remain', 'only|just # * left|remaining'))


_URGENT = ('hurry', 'rush', 'last chance', 'now or never', 'too late', 'limited time',
           'today only', 'only today', 'will not last', 'do not miss', 'miss out',
           'end|finish|expire tonight|today|soon|in|at|midnight', 'act now|fast|quickly',
           'quick', 'deadline', 'countdown', 'before it be go', 'tick tock',
           'clock be run|tick', 'before midnight|tomorrow', 'or it be go',
           '# hour|minute|day to go', 'offer|sale|deal close|end', 'can not hold')
_NOW = 'now|today|tonight|immediately|right now'


def _urgency(clause: Clause) -> str | None:
    for pattern in _URGENT:
        found = clause.find(pattern)
        if found is not None and not _negated(clause, found):
            return found
    return _first(clause, (f'decide|act|choose|commit|join|sign {_NOW}',
                           'decide|act|choose quickly|fast|soon',
                           f'you need to|have to|must * {_NOW}'))


def _negated(clause: Clause, found: str) -> bool:
    """Whether the words ``found`` follow a negation within three words ("no need to …")."""
    start = clause.text.find(found)
    before = clause.text[:start].split()[-3:]
    return any(word in NEGATIONS for word in before) or found.startswith(('no ', 'not '))


_COMMERCE = (
    'buy', 'purchase', 'discount', 'coupon', 'voucher', 'promo', 'promotion', 'checkout',
    'subscribe', 'subscription', 'sponsor', 'sale', 'bargain', 'warranty', 'premium',
    'deluxe', 'upgrade', 'donate', 'price', 'deals', 'sign up', 'free trial',
    'free delivery', 'free shipping', 'special|exclusive|limited|great|best offer',
    'offer for you', 'our|partner shop|store|product|brand|service|cause', 'pro version',
    '# %|percent|euro|dollar|pound|cent', '$|\u20ac|\u00a3 #', 'unlock', 'gold edition',
    'treat yourself', 'order today|now|online', 'in the app|store', 'shop|store for',
    'on special|offer|sale', 'have you try the new', 'bring to you by', 'brought to you by',
    'basket|cart', 'accessory', 'merch|merchandise', 'ask your parent|parents|mum|mom|dad to',
    'the new model|version|edition')


def _commercial(clause: Clause) -> str | None:
    found = _first(clause, _COMMERCE)
    if found is not None:
        return found
    if _imperative(clause):
        return _first(clause, ('product', 'plan', 'package', 'membership', 'edition',
                               'version', 'brand', 'shop'))
    return None


def _pressure(clause: Clause) -> str | None:
    found = _first(clause, ('you should|must|ought', 'you have|need|got to', 'you had better',
                            'you would better', 'you promise', 'you say you would'))
    if found is not None:
        return found
    feelings = ('calm down', 'cheer up', 'stop cry|worry|be|complain', 'do not be',
                'get over it', 'smile', 'relax', 'be happy|grateful|thankful|positive|quiet',
                'snap out of it', 'stop feel')
    for pattern in feelings:
        found = clause.starts(pattern, frozenset({'please', 'just', 'now', 'come', 'on', 'oh'}))
        if found is not None:
            return found
    return None


_SECRET_PEOPLE = ('anyone|anybody|parent|mum|mom|dad|family|doctor|nurse|teacher|friend|'
                  'carer|caregiver|them|him|her|others|nobody')


def _secrecy(clause: Clause) -> str | None:
    found = _first(clause, (
        'keep it|this|that|us? between us', 'keep it|this|that a? secret',
        'keep it|this|that to yourself', 'our little? secret', 'between you and me',
        'between the two of us', 'stay|remain between us', 'happen here stay here',
        f'let us not say|tell|mention * to * {_SECRET_PEOPLE}',
        f'say nothing to * {_SECRET_PEOPLE}',
        'just between us', 'nobody|one need|have|must to? know', 'no one need|have|must to? know',
        f'no need to mention|tell * {_SECRET_PEOPLE}', 'you will not tell|mention|say',
        'promise not to tell', 'keep quiet about'))
    if found is not None:
        return found
    found = clause.starts(f'do|never not? tell|mention|say|show * {_SECRET_PEOPLE}',
                          frozenset({'please', 'just', 'and', 'so'}))
    if found is not None:
        return found
    # "don't mention it" alone is "you're welcome"; with someone named it hides something
    found = clause.find('do|never not? tell|mention')
    people = _SECRET_PEOPLE.replace('|them|him|her|others|nobody', '').split('|')
    return clause.text if found is not None and clause.has(*people) else None


RULES: tuple[tuple[Category, Rule], ...] = (
    (Category.SECRECY, _secrecy), (Category.GUILT, _guilt),
    (Category.DEPENDENCY, _dependency), (Category.THREAT, _threat),
    (Category.SOCIAL_PROOF, _social_proof), (Category.SCARCITY, _scarcity),
    (Category.URGENCY, _urgency), (Category.COMMERCIAL, _commercial),
    (Category.PRESSURE, _pressure),
)
"""Clause rules, in report order (flattery looks across clauses and is checked apart)."""


def _flattery(parts: tuple[Clause, ...]) -> Finding | None:
    """Find a compliment anywhere in the text together with a request or an offer."""
    praise = next((p for p in (_compliment(c) for c in parts) if p), None)
    if praise is None:
        return None
    ask = next((r for r in (_request(c) or _commercial(c) for c in parts) if r), None)
    return Finding(Category.FLATTERY, f'{praise} ... {ask}') if ask else None


def rules_verdict(text: str) -> Verdict:
    """Check one text with the rules alone; every finding carries its evidence."""
    parts = clauses(text)
    findings: dict[Category, Finding] = {}
    for category, rule in RULES:
        for part in parts:
            found = rule(part)
            if found is not None:
                findings.setdefault(category, Finding(category, found))
                break
    flattery = _flattery(parts)
    if flattery is not None:
        findings[Category.FLATTERY] = flattery
    order = list(Category)
    return Verdict(text, tuple(sorted(findings.values(),
                                      key=lambda f: order.index(f.category))))


def check_text(text: str) -> Verdict:
    """
    Check one text the robot might say: the rules, then the learned check for what they miss.

    The rules see structure and quote the words that do the act; when they find nothing, the
    learned head (:mod:`.learned`) reads the whole sentence's meaning and, if it refuses,
    quotes the training sentence the text reads most like.
    """
    verdict = rules_verdict(text)
    if not verdict.allowed or not text.strip():
        return verdict
    reading = learned_check().read(text)
    if reading.category is None:
        return verdict
    return Verdict(text, (Finding(reading.category, reading.evidence, learned=True),))


def persuasion_in(text: str) -> str | None:
    """Return why ``text`` persuades, sells or pressures (category and words), or None."""
    verdict = check_text(text)
    if verdict.allowed:
        return None
    first = verdict.findings[0]
    return f'{first.category.value}: {first.evidence}'


def disclosure_problem(text: str) -> str | None:
    """
    Return why a configured disclosure persuades (as :func:`persuasion_in`), or None.

    The default disclosure is not checked again here: the test suite and ``resonance-robot
    ethics audit`` check it in full, and checking it in every node that declares the
    parameter would load the learned head into processes that never say anything else.
    """
    return None if text == DEFAULT_DISCLOSURE else persuasion_in(text)
