"""The rule tables of quote extraction and speaker naming: marks, cues, roles, word lists, limits.

Word lists are tuples written once each (a test checks that no entry repeats and that no list
is copied into another module); the code derives the sets it looks words up in. Numbers that
bound the work or tune a heuristic are named here, not written inside functions.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --- quote marks -------------------------------------------------------------------------
OPENERS = ("“", "„", "``", "«")
CLOSERS = ("”", "''", "»")
STRAIGHT = '"'
# A quote longer than this inside one paragraph is almost surely an unbalanced mark (news
# paragraphs run to ~600 characters; quotes that long are split over paragraphs).
MAX_QUOTE_CHARS = 1_500

# --- cues ----------------------------------------------------------------------------------
# Speech and report verbs of news attribution (PolNeAR's most frequent cues in train, plus the
# Gender Gap Tracker's quote-verb list).
SPEECH_CUES = _words(
    "say says said saying tell tells told telling add adds added adding warn warns warned warning "
    "insist insists insisted insisting note notes noted stress stresses stressed argue argues argued "
    "claim claims claimed reiterate reiterates reiterated explain explains explained announce announces "
    "announced state states stated acknowledge acknowledges acknowledged admit admits admitted suggest "
    "suggests suggested predict predicts predicted contend contends contended maintain maintains "
    "maintained assert asserts asserted allege alleges alleged confirm confirms confirmed deny denies "
    "denied report reports reported write writes wrote tweet tweets tweeted testify testifies testified "
    "concede concedes conceded complain complains complained caution cautions cautioned emphasize "
    "emphasizes emphasized emphasise emphasised declare declares declared ask asks asked reply replies "
    "replied respond responds responded continue continues continued recall recalls recalled "
    "promise promises promised vow vows vowed pledge pledges pledged urge urges urged "
    "counter counters countered quip quipped joke joked remark remarked observe observes observed "
    "repeat repeats repeated affirm affirms affirmed exclaim exclaims exclaimed chant chanted conclude "
    "concludes concluded wonder wonders wondered shout shouted yell yelled echo echoed post posts posted "
    "mention mentions mentioned boast boasts boasted lament laments lamented retort retorted scoff scoffed "
    "plead pleaded recount recounted quote quoted writing asking noting explaining "
    "stating declaring tweeting arguing muse muses mused beamed interject interjects interjected"
)
# Verbs that introduce a quoted fragment as their object (partial quotes only).
FRAGMENT_CUES = _words(
    "describe describes described call calls called welcome welcomes welcomed brand branded "
    "dub dubbed label labelled labeled characterize characterized characterise characterised "
    "threaten threatens threatened demand demands demanded criticize criticized slam slammed "
    "decry decried hail hailed praise praised blast blasted accuse accused"
)
# Cues after which a quoted clause reaching the end of the sentence is a full quote (`X said "…"`).
INTRODUCING_CUES = _words(
    "say says said tell tells told add adds added insist insists insisted write writes wrote "
    "declare declares declared state states stated tweet tweeted ask asked warn warns warned "
    "explain explained reply replied respond responded continue continued saying writing telling "
    "adding tweeting"
)
# Words between an introducing cue and its quote: `said that "…"`, `told reporters "…"`.
INTRODUCING_OBJECTS = _words("that reporters me us him her")
# Cues that may be inverted after a quote or content (`"…," said X`).
INVERTIBLE_CUES = _words(
    "say says said add adds added ask asks asked write writes wrote continue continued explain explained "
    "reply replied warn warned insist insisted note noted"
)
ACCORDING_TO = "according to"
MULTIWORD_CUES = (ACCORDING_TO, "pointed out")
CAPITALISED_CUE_HEADS = ("According",)  # a cue that may open a sentence
# Cue forms that are also plural nouns (`such claims`, `the United States`): need a name or pronoun subject.
AMBIGUOUS_CUES = _words("claims calls reports states demands promises pledges vows urges notes counters remarks")
CUE_COMMA_WORDS = 5  # `told the Reuters news agency simply, "…"`: the cue within this many words of the comma
COMMA_INTRODUCERS = _words("statement it reads read tweet post interview")  # `as X put it, "…"`

# --- noun phrases next to a cue ----------------------------------------------------------------
# Auxiliaries and adverbs between a subject and its cue (`Trump has also said`).
SKIPPED_BEFORE_CUE = _words(
    "has have had also later then previously again once further repeatedly publicly quickly recently "
    "would will could may might did does do is was were are been being just already still often "
    "privately separately first last earlier never not long since"
)
# Words that end a subject noun phrase when scanning backwards from the cue.
STOP_WORDS = _words(
    "that and but or as which who whom whose when while because if since so than then after before "
    "where what how why to in on at for with from by into about over under against during "
    "is was were are be been being has have had do does did will would could should can may might "
    "not no this these those there here it's said says say told according also"
)
DETERMINERS = _words("a an the")
PRONOUNS = _words("he she they it we i you")
PERSON_PRONOUNS = _words("he she")
DAYS = _words("monday tuesday wednesday thursday friday saturday sunday today yesterday tonight recently earlier later")
# Role words: capitalised titles that are not part of a person's name.
ROLE_WORDS = _words(
    "secretary general president vice minister prime foreign defense defence deputy chief spokeswoman "
    "spokesman spokesperson ambassador director senator sen. sen rep. rep representative governor gov. "
    "gov mayor chairman chairwoman chair ceo head leader official negotiator candidate nominee "
    "speaker judge justice attorney adviser advisor aide commissioner gen. gen "
    "colonel col. lt. lieutenant admiral adm. professor prof. dr. dr mr. mr mrs. mrs ms. ms "
    "former acting senior state white house republican democratic democrat gop press campaign "
    "manager chairperson executive officer analyst strategist pollster correspondent reporter "
    "presidential majority minority whip sheriff police commander captain sgt. king queen prince "
    "pope rev. father sister brother state's"
)
NAME_SUFFIXES = _words("Jr. Jr Sr. Sr II III IV")  # `Brent Bozell III`
NAME_PARTICLES = _words("de del der van von la le da di bin al el")
ABBREVIATIONS = _words(
    "gov sen rep lt gen dr mr mrs ms jr sr st col capt sgt rev adm maj cmdr supt insp prof pres atty "
    "u.s u.n u.k d r i calif ariz fla ga ill mass mich minn nev n.j n.y pa tex va wash wis conn md mo tenn"
)
NOT_SPEAKER_HEADS = _words("such many much more most some all both each either neither what who")
# `a person familiar with the matter`, `people close to the talks`: the phrase runs on.
RUN_ON = {"familiar": "with", "close": "to"}
MAX_SPEAKER_TOKENS = 10
MAX_CUE_DISTANCE = 400  # characters between a quote and a cue that can attribute it
CONTEXT_WINDOW_CHARS = 1_000  # of a long sentence, only this much either side of a quote is read
PHRASE_WINDOW_CHARS = 300  # a speaker phrase is at most MAX_SPEAKER_TOKENS words: look no further
MAX_ATTRIBUTION_WORDS = 14  # a sentence that is only `X said on Twitter.`
MAX_APPOSITION_WORDS = 16  # `Brian Fallon, a spokesman for the Clinton campaign, said`
SURNAME_LOOKBACK_CHARS = 40  # `First Surname`: the first name is within this many characters before the surname
FIRST_NAME_WORDS = 2  # at most this many words before a surname make its full name

# --- indirect speech and continuation ----------------------------------------------------------
MIN_INDIRECT_WORDS = 4
MAX_TRAILING_WORDS = 8  # words after an inverted cue at sentence end (`…, X said on Tuesday.`)
# Continuation: a quote with no cue continues the speaker of a quote this many paragraphs back.
CONTINUATION_PARAGRAPHS = 1

# --- the same quote across outlets ----------------------------------------------------------------
NEAR_QUOTE_RATIO = 88  # rapidfuzz ratio of normalised quotes that are "the same quote"
CLUSTER_BLOCK_TOKENS = 3
MAX_BLOCK_COMPARISONS = 30
