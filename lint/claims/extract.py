"""Document → ClaimIndex: attribute each number to a metric, subject and basis, and recognise the
structures that relate numbers (其中 breakdowns, 完成预算X的Y%, 占X的Y%, 比上年…, written formulas,
tables, score and grade)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import replace
from functools import cache
from itertools import accumulate

from lint.claims.model import Breakdown, Claim, ClaimIndex, Comparison, GradeMention, WrittenFormula
from lint.claims.quantity import Quantity, find_quantities
from lint.claims.vocab import Vocabulary, vocabulary
from lint.document import Block, Document

SENTENCE_END = "。！？!?"
CLAUSE_BREAK = "，,；;：:、\n\t"
OPEN, CLOSE = "（(", "）)"
Span = tuple[int, int]
_LabelMemo = dict[str, tuple[int, Claim | None]]  # key → (claims read up to, the latest that matched)
_COMPLETE_BUDGET = re.compile(
    r"完成(?:了)?(?P<basis>年初|全年|调整后的?|年度)?(?:财政)?预算(?:数)?(?P<amount>[^，。；的]{0,24}?)的?\s*$"
)
_COMPLETE_BUDGET_REACH = 37  # its longest text before the trailing spaces: 完成了调整后的财政预算数 (12), 24, 的
_SHARE_OF = re.compile(r"占(?P<whole>[^，。；：:%]{0,30}?)的?\s*(?:比例|比重)?(?:为|是)?\s*$")
_SHARE_REACH = 48  # characters before a share that _SHARE_OF can span (占, 30, 的, 比例为, spaces)
_UNIT_HINT = re.compile(r"(?:单位|金额单位)\s*[：:]\s*(亿元|万元|千元|元)")
_HEADER_UNIT = re.compile(r"[（(](亿元|万元|千元|元)[)）]")
_GRADE = re.compile(
    r"(?:自评等级|评价等级|绩效等级|等级|评级|评价结果为)\s*(?:[:：为是]|评定为|确定为)?\s*[“\"]?"
    r"(?P<grade>优秀|良好|不合格|合格|优|良|中|差)"
)
# Written formulas. Each pattern starts only where a run of the characters a formula is made of begins
# (the lookbehind), skips what cannot begin one, and reads possessively: a start inside a run would find
# nothing that the run's start does not, so every character is read a bounded number of times.
_RATIO_CHARS = r"\d.,\s()（）+\-−/÷×*"
_RATIO_END = r"\d\s*+[)）]?+\s*+[×*]\s*+100\s*+%\s*+=\s*+-?\d[\d.,]*+\s*+%"  # last digit, ×100% = result
_FORMULA = re.compile(
    rf"(?<![{_RATIO_CHARS}])(?:[.,+\-−/÷×*)）]|[(（](?!\s*+\d)|\s++(?!\d))*+"
    rf"(?P<expr>[(（]?+\s*+\d[\d.,\s()（）+\-−×*]*+[/÷](?:(?!{_RATIO_END})[{_RATIO_CHARS}])*+\d\s*+[)）]?+)"
    r"\s*+[×*]\s*+100\s*+%\s*+=\s*+(?P<res>-?\d[\d.,]*+\s*+%)"
)
_ADDEND = r"\d[\d.,]*+"
_SUM_FORMULA = re.compile(  # the chains of addends that no “=” follows are skipped whole
    rf"(?<![\d.,\s+＋])(?:{_ADDEND}(?:\s*+[+＋]\s*+{_ADDEND})*+(?!\s*+=)|[.,+＋]|\s)*+"
    rf"(?P<expr>{_ADDEND}(?:\s*+[+＋]\s*+{_ADDEND})++)\s*+=\s*+(?P<res>\d[\d.,]*+)(?![\d.])"
)
_FORMULA_REACH, _RESULT_REACH, _MAX_FORMULAS = 80, 30, 40  # characters before / after “=”, “=” per paragraph
_BELOW = ("减少", "节约", "少", "下降", "降低", "小于", "低于", "少于")
_VERSUS_BUDGET = re.compile(
    r"(?:(?:比|较|与)(?P<initial>年初)?(?:批复)?预算(?:数)?(?:相比)?"
    r"|(?:决算数?|支出数?)?(?P<cmp>大于|小于|高于|低于|超过|超出|少于|多于)(?:年初)?预算数?)"
    r"\s*(?P<dir>减少|节约|少|下降|降低|增加|超支|多|超出|超过|大于|小于|高于|低于|少于|多于)?\s*$"
)
_COMPARISON = re.compile(
    r"决算数?(?P<dir>小于|大于|低于|高于|超过|少于|多于|等于)(?P<initial>年初)?预算数?|(?P<none>未超出?(?:年初)?预算)"
)
_YOY_PATTERN = re.compile(r"(?:比|较|与|同比)\s*(?:20\d{2}\s*年度?|上年度?)(?:决算数?|预算数?|同期)?(?:相比|比较)?")
_PAIRED_TOTALS = re.compile(
    r"收(?:入)?\s*[、，,和与及]?\s*支(?:出)?\s*总计\s*(?:各|分别)\s*(?:是|为)?\s*(?!增|减|下降|上升)"
)
_PAIRED_CHANGE = re.compile(r"各\s*(?P<dir>增加|减少|增长|下降|上升|降低|增|减)\s*")
_TOTAL_ROW = re.compile(r"^\s*(?:合\s*计|总\s*计|总\s*分|小\s*计)")
_SCORE_HEADER = re.compile(r"分值|权重|满分|得分|评分")
_TARGET_HEADER = re.compile(r"指标值|目标值|实际完成值|完成值|实际值")


def _comparator(written: str) -> str:
    """The relation a target states (≥500人): ≥, ≤, >, < or = (a bare number)."""
    for prefixes, name in (
        (("≥", ">=", "不低于", "不少于", "大于等于"), "≥"),
        (("≤", "<=", "不高于", "不超过", "小于等于"), "≤"),
        ((">", "＞", "大于", "高于"), ">"),
        (("<", "＜", "小于", "低于"), "<"),
    ):
        if written.startswith(prefixes):
            return name
    return "="


_SENTENCE_STOP = re.compile(f"[{SENTENCE_END}]")
_CLAUSE_STOP = re.compile(f"[{CLAUSE_BREAK}{SENTENCE_END}]")
_DIGIT = re.compile(r"\d")
_LIST_RESTART = ("合计", "总计", "总额", "小计", "总支出", "总收入", "其中")  # after ；, a new total: the list ended
_ITEM_MIN = 3  # characters: a shorter item named before 增加/减少 is not looked up
_TOTAL_WORD = re.compile(r"合计|总计|总额|总支出|总收入")
_YEAR = re.compile(r"(20\d{2})\s*年")
_PRIOR = re.compile(r"(?<![比较与同])(?:上年|去年|上一年|上年度)(?!结转|结余)")
_BASIS_DECLARED = {
    "年初": "budget.initial",
    "全年": "budget.adjusted",
    "调整后": "budget.adjusted",
    "调整后的": "budget.adjusted",
    "年度": "budget.adjusted",
}


def _last_before(text: str, chars: str) -> list[int]:
    """For each offset, the offset of the last character of `chars` strictly before it (-1 if none)."""
    out = []
    last = -1
    for i, ch in enumerate(text):
        out.append(last)
        if ch in chars:
            last = i
    out.append(last)
    return out


def _depths(text: str) -> list[int]:
    depth = 0
    out = []
    for ch in text:
        if ch in OPEN:
            depth += 1
            out.append(depth)
            continue
        out.append(depth)
        if ch in CLOSE and depth:
            depth -= 1
    return out


def _occurrences(text: str, word: str, start: int, stop: int) -> list[int]:
    """Starts of every occurrence of `word` in text[start:stop], overlapping ones included."""
    out = []
    at = text.find(word, start, stop)
    while at >= 0:
        out.append(at)
        at = text.find(word, at + 1, stop)
    return out


class _Words:
    """The occurrences of a list of words, all found in one scan: at each position, the shortest word
    that starts there (the one that fits in the most prefixes)."""

    def __init__(self, words: tuple[str, ...]) -> None:
        shortest_first = "|".join(re.escape(w) for w in sorted(words, key=len))
        self._pattern = re.compile(f"(?=({shortest_first}))") if words else None

    def spans(self, text: str, start: int, stop: int) -> list[Span]:
        if self._pattern is None:
            return []
        return [(m.start(), m.start() + len(m.group(1))) for m in self._pattern.finditer(text, start, stop)]

    def first_end(self, text: str, start: int, stop: int) -> int:
        """Where the earliest-ending occurrence in text[start:stop] ends (`stop` + 1 if none): the first
        occurrence's end, or that of a shorter word starting before it ends."""
        first = self._pattern.search(text, start, stop) if self._pattern else None
        if first is None:
            return stop + 1
        end = first.start() + len(first.group(1))
        for later in self.spans(text, first.start() + 1, end):
            end = min(end, later[1])
        return end


@cache
def _words(words: tuple[str, ...]) -> _Words:
    """The _Words of one of the vocabulary's word lists, compiled once."""
    return _Words(words)


class _LastMatch:
    """The last match that `pattern.finditer` would find in text[start:end], for any `end` up to `stop`,
    from one scan of text[start:stop]: the matches that end by `end` are the same, and only the one that
    runs past `end` has to be read again, cut short. For patterns without lookaround or anchors (whose
    matches in a cut-short text are those of the whole text, less the ones cut off)."""

    def __init__(self, pattern: re.Pattern[str], text: str, start: int, stop: int) -> None:
        self._pattern, self._text = pattern, text
        self._matches = list(pattern.finditer(text, start, stop))
        self._ends = [m.end() for m in self._matches]

    def before(self, end: int) -> re.Match[str] | None:
        if not self._matches:
            return None
        i = bisect_right(self._ends, end)
        if i < len(self._matches) and self._matches[i].start() < end:
            cut_short = list(self._pattern.finditer(self._text, self._matches[i].start(), end))
            if cut_short:
                return cut_short[-1]
        return self._matches[i - 1] if i else None


class _SentenceSoFar:
    """What a sentence says before each of its numbers (yoy markers, the year, score and whole-unit
    words), read once per sentence: asking it for every number costs O(log n), not a rescan of the
    sentence up to that number."""

    def __init__(self, text: str, start: int, stop: int, vocab: Vocabulary) -> None:
        markers = sorted((end, at) for at, end in _words(vocab.yoy_markers).spans(text, start, stop))
        self._marker_ends = [end for end, _ in markers]
        self._latest_marker = list(accumulate((at for _, at in markers), max))  # of the markers up to k
        self._yoy = _LastMatch(_YOY_PATTERN, text, start, stop)
        self._years = _LastMatch(_YEAR, text, start, stop)
        self._score_word_end = _words(vocab.score_words).first_end(text, start, stop)
        self._whole_unit_end = _words(vocab.whole_unit).first_end(text, start, stop)

    def last_yoy_marker(self, end: int) -> int | None:
        """Where the last yoy marker (比上年, 较2022年度 …) that ends by `end` starts."""
        k = bisect_right(self._marker_ends, end)
        latest = self._latest_marker[k - 1] if k else None
        m = self._yoy.before(end)
        if m is not None and (latest is None or m.start() > latest):
            return m.start()
        return latest

    def year(self, end: int) -> str | None:
        m = self._years.before(end)
        return m.group(1) if m else None

    def names_score(self, end: int) -> bool:
        return self._score_word_end <= end

    def names_whole_unit(self, end: int) -> bool:
        return self._whole_unit_end <= end


class _Unlisted:
    """Claims in text order, from which those put in a 其中 list drop out. Skip links (with path halving)
    step over the dropped ones, so looking for the remaining claims never walks over them again."""

    def __init__(self, claims: list[Claim]) -> None:
        self.claims = claims
        self.starts = [c.start for c in claims]
        self.ends = [c.end for c in claims]
        self._next = list(range(len(claims) + 1))  # i → i while claims[i] remains; len(claims): the end
        self._prev = list(range(len(claims) + 1))  # i + 1 → i + 1 while claims[i] remains; 0: the beginning

    def drop(self, claim: Claim) -> None:
        i = bisect_left(self.starts, claim.start)
        self._next[i] = i + 1
        self._prev[i + 1] = i

    def first_from(self, i: int) -> int:
        """Index of the first remaining claim at index i or after (len(claims) if none)."""
        while self._next[i] != i:
            self._next[i] = self._next[self._next[i]]
            i = self._next[i]
        return i

    def last_to(self, i: int) -> int:
        """Index of the last remaining claim at index i or before (-1 if none)."""
        k = i + 1
        while self._prev[k] != k:
            self._prev[k] = self._prev[self._prev[k]]
            k = self._prev[k]
        return k - 1


class _ListEnds:
    """Where a 其中 list ends: at 。, or at a ；/; after which no number follows in the sentence or a new
    total (合计, 总额 …) is named before the next number. Which ；/; end a list is worked out once per
    paragraph."""

    def __init__(self, para: str) -> None:
        self._length = len(para)
        self._full_stops = _occurrences(para, "。", 0, len(para))
        self._semicolons: list[int] = []  # the ；/; that end a list
        semicolons = sorted(_occurrences(para, "；", 0, len(para)) + _occurrences(para, ";", 0, len(para)))
        if not semicolons:
            return
        digits = [m.start() for m in _DIGIT.finditer(para)]
        words = sorted((at, at + len(w)) for w in _LIST_RESTART for at in _occurrences(para, w, 0, len(para)))
        word_starts = [at for at, _ in words]
        soonest_end = [*accumulate(reversed([end for _, end in words]), min)][::-1]  # of the words from k on
        for semi in semicolons:
            d = bisect_right(digits, semi)
            if d == len(digits) or digits[d] >= self._full_stop(semi):
                self._semicolons.append(semi)
                continue
            w = bisect_right(word_starts, semi)
            if w < len(words) and soonest_end[w] <= digits[d]:
                self._semicolons.append(semi)

    def _full_stop(self, at: int) -> int:
        k = bisect_left(self._full_stops, at)
        return self._full_stops[k] if k < len(self._full_stops) else self._length

    def after(self, begin: int) -> int:
        full_stop = self._full_stop(begin)
        k = bisect_left(self._semicolons, begin)
        return min(self._semicolons[k], full_stop) if k < len(self._semicolons) else full_stop


def _blank_out(text: str, words: tuple[str, ...]) -> tuple[str, list[Span]]:
    """`text` with each of `words` in turn replaced by as many ideographic spaces (left to right, not
    overlapping, as str.replace does), and the spans replaced."""
    spans = []
    for word in words:
        at = text.find(word) if word else -1
        if at < 0:
            continue
        while at >= 0:
            spans.append((at, at + len(word)))
            at = text.find(word, at + len(word))
        text = text.replace(word, "　" * len(word))
    return text, spans


class _ClauseSubjects:
    """The extractor's subject_of(_strip_neutral(text[start:end])) for a growing `end` in one clause, at
    O(longest alias) a number rather than a rereading of the clause. The clause is stripped once: a
    prefix of it strips to the same prefix unless a neutral word runs across its end (then that prefix is
    stripped on its own). The nearest alias is carried forward: a longer prefix can only add aliases
    that end in the new part, so only the new part and one alias's length before it are searched."""

    def __init__(self, extractor: _Extractor, start: int, stop: int) -> None:
        self._extractor = extractor
        self.start = start
        self._stripped, spans = _blank_out(extractor.doc.text[start:stop], extractor.v.neutral)
        self._inside_a_word = {k for s, e in spans for k in range(s + 1, e)}
        vocab = extractor.v
        self._generic = _LastMatch(vocab.generic_subject, self._stripped, 0, len(self._stripped))
        self._whole_unit_end = _words(vocab.whole_unit).first_end(self._stripped, 0, len(self._stripped))
        self._reach = max((len(alias) for alias, _ in vocab.subjects.entries), default=0)
        self._searched = 0  # the nearest alias is known for stripped[:searched]
        self._nearest: tuple[str, str, int] | None = None

    def subject(self, end: int) -> tuple[str | None, bool]:
        k = end - self.start
        if k in self._inside_a_word:
            x = self._extractor
            return x.subject_of(x._strip_neutral(x.doc.text[self.start : end]))
        if k > self._searched:
            lo = max(0, self._searched - self._reach)
            hit = self._extractor.v.subjects.nearest(self._stripped[lo:k])
            if hit is not None:
                subject, alias, hit_end = hit[0], hit[1], lo + hit[2]
                best = self._nearest
                if best is None or hit_end > best[2] or (hit_end == best[2] and len(alias) > len(best[1])):
                    self._nearest = (subject, alias, hit_end)
            self._searched = k
        if self._nearest is not None:
            return self._nearest[0], True
        generic = self._generic.before(k)
        if generic is not None and generic.group(1):
            return self._extractor.generic_item(generic.group(1)), True
        return None, self._whole_unit_end <= k


def _budget_completed(text: str, start: int, end: int) -> re.Match[str] | None:
    """_COMPLETE_BUDGET at the end of text[start:end]; only its reach before the trailing spaces is searched."""
    body_end = end
    while body_end > start and text[body_end - 1].isspace():
        body_end -= 1
    return _COMPLETE_BUDGET.search(text, max(start, body_end - _COMPLETE_BUDGET_REACH), end)


class _Extractor:
    def __init__(self, doc: Document, vocab: Vocabulary) -> None:
        self.doc = doc
        self.v = vocab
        self.index = ClaimIndex()
        self.sentence = 0
        # a label that has none of these characters has none of the words: most labels, most numbers
        self._neutral_chars = frozenset("".join(vocab.neutral))
        directions = (*vocab.increase, *vocab.decrease)
        self._direction_chars = frozenset("".join(directions)) if all(directions) else None  # "" is everywhere
        self._subjects: dict[str, tuple[str | None, bool]] = {}  # subject_of, by label
        self._metrics: dict[str, str | None] = {}  # metric_of, by prefix
        self._labelled: _LabelMemo = {}  # _amount_labelled, over the claims of earlier blocks
        self._labelled_here: _LabelMemo = {}  # … and over this paragraph's
        self._paragraph_first = 0  # id of the paragraph's first claim
        # block → the last _ITEM_MIN characters of a label → the amounts with such a label, in order
        self._amounts_ending: dict[int, dict[str, list[Claim]]] = {}

    # --- facets -------------------------------------------------------------------------------
    def _strip_neutral(self, label: str) -> str:
        return label if self._neutral_chars.isdisjoint(label) else _blank_out(label, self.v.neutral)[0]

    def subject_of(self, label: str) -> tuple[str | None, bool]:
        """(subject id, found): a named item, a generic 经费 item, or the whole unit (None)."""
        if label not in self._subjects:
            self._subjects[label] = self._subject_in(label)
        return self._subjects[label]

    def _subject_in(self, label: str) -> tuple[str | None, bool]:
        named = self.v.subjects.nearest(label)
        if named:
            return named[0], True
        generic = None
        for m in self.v.generic_subject.finditer(label):
            generic = m.group(1)
        if generic:
            return self.generic_item(generic), True
        return None, any(w in label for w in self.v.whole_unit)

    def generic_item(self, name: str) -> str:
        """item:X for a generic subject (…经费, …资金) without its leading date and noise words."""
        name = re.sub(r"^[\d\s年度月]+", "", name)
        changed = True
        while changed:
            changed = False
            for noise in self.v.generic_noise:
                if name.startswith(noise) and len(name) > len(noise) + 1:
                    name = name[len(noise) :]
                    changed = True
        return f"item:{name}"

    def metric_of(self, prefix: str) -> str | None:
        if prefix not in self._metrics:
            self._metrics[prefix] = self._metric_in(prefix)
        return self._metrics[prefix]

    def _metric_in(self, prefix: str) -> str | None:
        hit = self.v.metric_aliases.nearest(prefix)
        if not hit:
            return None
        metric_id, alias, end = hit
        if len(prefix) - end > 8:  # the rate word must stand right before the number
            return None
        metric = self.v.metrics[metric_id]
        if alias in metric.needs_money_context and not re.search(
            r"预算|支出|资金|经费", prefix[max(0, end - 12) : end]
        ):
            return "other.unnamed"
        return metric_id

    # --- claims -------------------------------------------------------------------------------
    def add(self, q: Quantity, kind: str, block: int, label: str, **facets: object) -> Claim:
        claim = Claim(
            id=len(self.index.claims), quantity=q, kind=kind, block=block, sentence=self.sentence, label=label.strip()
        )
        for key, value in facets.items():
            setattr(claim, key, value)
        self.index.claims.append(claim)
        return claim

    def paragraph(self, bi: int, block: Block) -> None:
        text = self.doc.text
        start, end = block.start, block.end
        para = text[start:end]
        self._paragraph_first, self._labelled_here = len(self.index.claims), {}
        depth = _depths(para)
        quantities = [q for q in find_quantities(text, start, end) if not self._skip(q, text)]
        dimensions = [q.dimension for q in quantities]
        self.index.numbers_read += sum(1 for d in dimensions if d not in ("date", "count"))
        starts = [q.start for q in quantities]
        money_from: list[Quantity | None] = [None] * (len(quantities) + 1)  # the first money quantity from index i
        for i in range(len(quantities) - 1, -1, -1):
            money_from[i] = quantities[i] if dimensions[i] == "money" else money_from[i + 1]
        subject: str | None = None
        paren_subject: str | None = None
        sentence_start = start
        so_far: _SentenceSoFar | None = None  # the current sentence, read once
        clause: _ClauseSubjects | None = None  # the subjects named in the current clause, when first needed
        yoy_at: int | None = None  # offset of the yoy marker in the current sentence
        current_amount: Claim | None = None  # the value a 比上年 change refers to
        prior_amount: Claim | None = None  # 上年…为 X: the value it is compared with
        prev_end = start
        claims_here: list[Claim] = []
        previous_amount: Claim | None = None
        last_sentence_end = _last_before(para, SENTENCE_END)  # per offset: the nearest 。 before it, or -1
        last_clause_break = _last_before(para, CLAUSE_BREAK)
        current_rate: Claim | None = None  # 执行率96.50%，比上年提高3.50个百分点
        prior_rate: Claim | None = None

        for q, dimension in zip(quantities, dimensions, strict=True):
            # sentence bookkeeping
            last_stop = last_sentence_end[q.start - start]
            if last_stop >= 0 and start + last_stop + 1 > sentence_start:
                sentence_start = start + last_stop + 1
                self.sentence += 1
                yoy_at = None
                # “收入792.22万元。同比上年度增加…”: the last figure of a sentence may be what the next one changes
                previous_amount = current_amount
                current_amount = None
                prior_amount = None
                current_rate = prior_rate = None
                so_far = None
            if so_far is None:
                sentence_stop = _SENTENCE_STOP.search(text, q.start, end)
                so_far = _SentenceSoFar(text, sentence_start, sentence_stop.start() if sentence_stop else end, self.v)
            clause_start = last_clause_break[q.start - start]
            clause_start = max(start + clause_start + 1, sentence_start)
            label = text[max(clause_start, prev_end) : q.start]
            lookback = text[max(sentence_start, prev_end) : q.start]  # metric words may stand before a comma
            in_paren = depth[q.start - start] > 0
            prev_end = q.end
            marker = so_far.last_yoy_marker(q.start)
            if marker is not None and (yoy_at is None or marker > yoy_at):
                yoy_at = marker
            if (
                q.unit == ""
                and yoy_at is not None
                and (prior_unit := self._inline_prior(q, label, money_from[bisect_right(starts, q.end)]))
            ):
                # 较上年2.08减少0.03万元: last year's value written without its unit
                q = replace(q, unit=prior_unit)
                claim = self.add(q, "amount", bi, label, period="prior")
            elif dimension == "money":
                claim = self._amount(q, bi, label, yoy_at)
            elif dimension == "percent":
                share_window = text[max(clause_start, q.start - _SHARE_REACH) : q.start]
                claim = self._percent(q, bi, label, lookback, share_window, sentence_start, yoy_at)
                if claim.kind in ("rate", "other") and _PRIOR.search(label):
                    claim.period = "prior"  # 上年执行率为93.00%
            elif dimension == "points" and yoy_at is not None and self._direction(label):
                claim = self.add(q, "change_points", bi, label, direction=self._direction(label))
            elif dimension == "score" and so_far.names_score(q.start):
                claim = self.add(q, "score", bi, label, metric="score")
            elif dimension == "count":
                claim = self.add(q, "count", bi, label)
            else:
                claim = self.add(q, "other", bi, label)
            # subject: named in the label, else carried over from the sentence before
            found_subject, found = self.subject_of(self._strip_neutral(label))
            if claim.kind in ("rate", "share", "change_rate") and not found:
                if clause is None or clause.start != clause_start:
                    clause_stop = _CLAUSE_STOP.search(text, q.start, end)
                    clause = _ClauseSubjects(self, clause_start, clause_stop.start() if clause_stop else end)
                found_subject, found = clause.subject(q.start)
            if not found and not claims_here:
                # （二）公务用车购置及运行维护费。年初预算18.00万元…: the paragraph's title names the item
                found_subject, found = self.subject_of(self._strip_neutral(text[start : q.start]))
                found = found and found_subject is not None
            if found:
                if in_paren:
                    paren_subject = found_subject
                elif claim.basis != "budget.change":  # 年中追加X经费: X is what was added, not the topic
                    subject = found_subject
                    paren_subject = None
                claim.subject = found_subject
                claim.subject_explicit = found_subject is not None
            else:
                claim.subject = paren_subject if in_paren and paren_subject else subject
            claim.in_paren = in_paren
            claim.whole_unit = so_far.names_whole_unit(q.start) or bool(_TOTAL_WORD.search(label))
            claim.year = so_far.year(q.start)
            if claim.kind == "change" and (current_amount is None or current_amount.end < (yoy_at or 0) - 30):
                named = self._current_by_label(label, bi)
                if named is not None:
                    current_amount = named
                elif (
                    current_amount is None
                    and previous_amount is not None
                    and (not claims_here or claims_here[-1].sentence != claim.sentence)  # the sentence's first
                ):
                    current_amount = previous_amount
            if claim.kind in ("change_points", "change_rate") and current_rate is not None:
                claim.links["current_rate"] = current_rate.id
                if prior_rate is not None:
                    claim.links["prior_rate"] = prior_rate.id
            if claim.kind == "other" and claim.period == "prior" and current_rate is not None:
                # 执行率96.50%，上年为93.00%: last year's value of the same rate
                claim.kind, claim.metric = "rate", current_rate.metric
            if claim.kind == "rate" and claim.period == "prior":
                prior_rate = claim
            elif claim.kind == "rate" and (yoy_at is None or q.start < yoy_at):
                current_rate = claim
            if claim.kind in ("change", "change_rate") and current_amount is not None:
                claim.links["current"] = current_amount.id
            if claim.kind == "amount" and claim.period == "prior":
                prior_amount = claim
            elif claim.kind == "amount" and (yoy_at is None or q.start < yoy_at):
                current_amount = claim
            if claim.kind in ("change", "change_rate") and prior_amount is not None:
                claim.links["prior"] = prior_amount.id
            if claim.kind in ("other",) and dimension in ("money", "percent", "score"):
                self.index.unattributed.append(q)
            claims_here.append(claim)
            self._remember_amount(claim)
        lists_before = len(self.index.breakdowns)
        self._breakdowns(para, start, depth, claims_here)
        self._shares(claims_here, self.index.breakdowns[lists_before:])
        self._formulas(bi, start, end)
        self._paired_totals(start, end, claims_here)
        self._grades(start, end, claims_here)
        self._comparisons(start, end, claims_here)
        self.sentence += 1

    def _skip(self, q: Quantity, text: str) -> bool:
        """Dates, document numbers and list ordinals are not figures."""
        if q.dimension == "date":
            return True
        after = text[q.end : q.end + 1]
        before = text[max(0, q.start - 1) : q.start]
        if q.unit == "" and (
            (before in "〔[【（(" and after in "〕]】）)")
            or (after in "、.．" and not text[q.end + 1 : q.end + 2].isdigit())
        ):
            return True
        return q.unit == "" and 1900 <= q.value <= 2100 and after in "年〕]"

    def _amount(self, q: Quantity, bi: int, label: str, yoy_at: int | None) -> Claim:
        cleaned = self._strip_neutral(label)
        prior = _PRIOR.search(cleaned) is not None or self._after_yoy_marker(cleaned)
        direction = self._direction(cleaned)
        if yoy_at is not None and q.start > yoy_at and direction:
            return self.add(q, "change", bi, label, direction=direction)
        versus_budget = _VERSUS_BUDGET.search(cleaned)
        if versus_budget or re.search(r"差值|差额|相差", cleaned):
            # 比年初预算数减少X / 决算数大于预算数X / 差值为X: actual against budget, not a figure of its own
            direction = 0
            declared = None
            if versus_budget:
                word = versus_budget.group("dir") or versus_budget.group("cmp")
                if word is None:
                    return self.add(q, "other", bi, label)
                direction = -1 if word in _BELOW else 1
                declared = "budget.initial" if versus_budget.group("initial") else None
            return self.add(q, "difference", bi, label, direction=direction, declared_basis=declared)
        if re.search(r"比年初|较年初|与年初|超支|节约", cleaned):
            return self.add(q, "other", bi, label)
        basis = self.v.bases.nearest(cleaned)
        flow = self.v.flows.nearest(cleaned)
        item = self.v.items.nearest(label)
        return self.add(
            q,
            "amount",
            bi,
            label,
            basis=basis[0] if basis else None,
            flow=flow[0] if flow else None,
            period="prior" if prior else None,
            item=item[0] if item and len(label) - item[2] <= 6 else None,
        )

    def _inline_prior(self, q: Quantity, label: str, next_money: Quantity | None) -> str:
        """The money unit of a bare number standing between a yoy marker and a change, or ""."""
        if not self._after_yoy_marker(self._strip_neutral(label)):
            return ""
        following = self.doc.text[q.end : q.end + 4]
        if not any(following.startswith(w) for w in (*self.v.increase, *self.v.decrease)):
            return ""
        return next_money.unit if next_money is not None and next_money.start - q.end <= 8 else ""

    def _current_by_label(self, label: str, block: int) -> Claim | None:
        """“本年收入合计增加126.48万元”: the value it changes is the latest amount labelled 本年收入合计."""
        words = [w for w in (*self.v.increase, *self.v.decrease) if w in label]
        if not words:
            return None
        item = label[: min(label.find(w) for w in words)]
        item = _YOY_PATTERN.sub("", item)
        for marker in self.v.yoy_markers:
            item = item.replace(marker, "")
        item = re.sub(r"^[\s，,；;：:]*|[\s，,]+$", "", item)
        if len(item) < _ITEM_MIN:
            return None
        for b in range(block, block - 4, -1):
            for c in reversed(self._amounts_ending.get(b, {}).get(item[-_ITEM_MIN:], [])):
                # (a label without its leading year is a suffix of the label: ending with the item is enough)
                if c.kind == "amount" and c.period != "prior" and c.label.endswith(item):
                    return c
        return None

    def _remember_amount(self, claim: Claim) -> None:
        """Index an amount of the year under review by how its label ends, for _current_by_label (which
        checks the kind again: a paragraph's changes may turn an amount into a change afterwards)."""
        if claim.kind == "amount" and claim.period != "prior":
            same_ending = self._amounts_ending.setdefault(claim.block, {}).setdefault(claim.label[-_ITEM_MIN:], [])
            insort(same_ending, claim, key=lambda c: c.id)

    def _after_yoy_marker(self, label: str) -> bool:
        """比上年 5.76 万元 / 较上年支出 1,802.30 万元: the number right after the marker is last year's."""
        at = max((label.rfind(m) + len(m) for m in self.v.yoy_markers if m in label), default=-1)
        if at < 0:
            at = max((m.end() for m in _YOY_PATTERN.finditer(label)), default=-1)
        return at >= 0 and not self._direction(label[at:]) and len(label) - at <= 8

    def _direction(self, label: str) -> int:
        if self._direction_chars is not None and self._direction_chars.isdisjoint(label):
            return 0
        up = max((label.rfind(w) for w in self.v.increase), default=-1)
        down = max((label.rfind(w) for w in self.v.decrease), default=-1)
        if up < 0 and down < 0:
            return 0
        return 1 if up > down else -1

    def _percent(
        self, q: Quantity, bi: int, label: str, clause: str, share_window: str, sentence_start: int, yoy_at: int | None
    ) -> Claim:
        direction = self._direction(label)
        if yoy_at is not None and q.start > yoy_at and direction:
            return self.add(q, "change_rate", bi, label, direction=direction)
        m = _budget_completed(self.doc.text, sentence_start, q.start)
        if m:
            declared = _BASIS_DECLARED.get(m.group("basis") or "", "budget" if not m.group("basis") else None)
            claim = self.add(q, "rate", bi, label, metric="rate.execution", declared_basis=declared)
            inner = m.group("amount")
            if inner and re.search(r"\d", inner):
                base = self._claim_ending_at(m.end("amount"))
                if base is not None:
                    base.basis = base.basis or declared or "budget"
                    claim.links["budget"] = base.id
            return claim
        share = _SHARE_OF.search(clause)
        if share is None:
            # 占年度预算200.00万元的11.18%: the whole written with its figure, just before the share
            written = _SHARE_OF.search(share_window)
            share = written if written is not None and _DIGIT.search(written.group("whole")) else None
        if share or label.rstrip("为是：: ").endswith(self.v.share):
            claim = self.add(q, "share", bi, label, metric="share")
            if share:
                claim.links["whole_text"] = -1
                self._share_wholes[claim.id] = share.group("whole").strip()
            return claim
        metric = self.metric_of(clause)
        if metric is None or metric.startswith("other."):
            return self.add(q, "other", bi, label, metric=metric)
        declared = None
        basis = self.v.bases.nearest(self._strip_neutral(clause))
        if basis and basis[0].startswith("budget."):
            declared = basis[0]
        return self.add(q, "rate", bi, label, metric=metric, declared_basis=declared)

    def _claim_ending_at(self, offset: int) -> Claim | None:
        for claim in reversed(self.index.claims):
            if claim.end < offset - 2:  # claims are in text order: none further back is close enough
                return None
            if claim.end <= offset and claim.quantity.dimension == "money":
                return claim
        return None

    # --- structures ---------------------------------------------------------------------------
    def _list_openings(self, para: str, base: int, claims: list[Claim]) -> list[tuple[int, int]]:
        """Where parts of the amount before begin: after 其中/包括, or a bracket right after an amount
        (支出决算12.48万元（购置费0万元，运行维护费12.84万元）)."""
        out = [(m.start(), m.end()) for word in self.v.breakdown for m in re.finditer(re.escape(word), para)]
        for c in claims:
            if c.kind != "amount":
                continue
            j = c.end - base
            while j < len(para) and para[j] == " ":
                j += 1
            inside = para[j + 1 : j + 5]
            if j < len(para) and para[j] in OPEN and not any(inside.startswith(w) for w in self.v.breakdown):
                out.append((j + 1, j + 1))
        return sorted(out)

    def _breakdowns(self, para: str, base: int, depth: list[int], claims: list[Claim]) -> None:
        """其中 lists: after each opening, the amounts (and shares) at its bracket depth up to where the list
        ends, with the amount before the opening as their total. Every lookup is a bisection or a skip
        link, so a paragraph with thousands of openings and amounts stays linear."""
        openings = [(s, e) for s, e in self._list_openings(para, base, claims) if s < len(para)]
        if not openings:
            return

        def level(c: Claim) -> int:
            return depth[c.start - base]

        amounts = [c for c in claims if c.kind == "amount"]
        by_level: dict[int, list[Claim]] = {}
        for c in amounts:
            by_level.setdefault(level(c), []).append(c)
        parts_at = {lvl: _Unlisted(group) for lvl, group in by_level.items()}
        # approximate amounts are never listed, so how many stand in a span is fixed
        approx_before = {
            lvl: list(accumulate((c.quantity.approx for c in g), initial=0)) for lvl, g in by_level.items()
        }
        shares_at: dict[int, list[Claim]] = {}
        for c in claims:
            if c.kind == "share":
                shares_at.setdefault(level(c), []).append(c)
        share_starts = {lvl: [c.start for c in group] for lvl, group in shares_at.items()}
        closes: dict[int, list[int]] = {}  # depth → offsets of the brackets that close at that depth
        for i in (*_occurrences(para, CLOSE[0], 0, len(para)), *_occurrences(para, CLOSE[1], 0, len(para))):
            closes.setdefault(depth[i], []).append(i)
        for offsets in closes.values():
            offsets.sort()
        list_ends = _ListEnds(para) if any(depth[s] == 0 for s, _ in openings) else None

        current = [c for c in amounts if c.period != "prior"]  # what a total can be
        outside = _Unlisted([c for c in current if level(c) == 0])  # totals of lists outside brackets
        enclosing: list[Claim] = []  # totals of lists inside brackets: each deeper than the one below it
        enclosing_levels: list[int] = []
        passed = 0
        for marker_start, marker_end in openings:
            at = base + marker_start
            lvl = depth[marker_start]
            while passed < len(current) and current[passed].end <= at:
                c, c_level = current[passed], level(current[passed])
                while enclosing_levels and enclosing_levels[-1] >= c_level:  # a later total at that depth or above
                    enclosing.pop()
                    enclosing_levels.pop()
                enclosing.append(c)
                enclosing_levels.append(c_level)
                passed += 1
            total: Claim | None = None
            if lvl:
                below = bisect_left(enclosing_levels, lvl)
                total = enclosing[below - 1] if below else None
                offsets = closes.get(lvl, [])
                k = bisect_left(offsets, marker_start)
                stop = base + (offsets[k] if k < len(offsets) else len(para))
            else:
                k = outside.last_to(bisect_right(outside.ends, at) - 1)
                total = outside.claims[k] if k >= 0 else None
                assert list_ends is not None
                stop = base + list_ends.after(marker_end)
            if total is None:
                continue
            parts: list[Claim] = []
            pool = parts_at.get(lvl)
            if pool is not None:
                lo, hi = bisect_right(pool.starts, at), bisect_left(pool.starts, stop)
                if approx_before[lvl][hi] > approx_before[lvl][lo]:
                    continue  # an approximate part: nothing to add up, and not shares alone either
                k = pool.first_from(lo)
                while k < hi:
                    parts.append(pool.claims[k])
                    k = pool.first_from(k + 1)
            starts = share_starts.get(lvl, [])
            first_share, after_shares = bisect_right(starts, at), bisect_left(starts, stop)
            if len(parts) < 2 and (parts or after_shares - first_share < 2):  # 其中：A占p%，B占q% — shares alone
                continue
            bd = Breakdown(
                id=len(self.index.breakdowns),
                total=total.id,
                parts=[p.id for p in parts],
                start=at,
                end=stop,
                shares=[c.id for c in shares_at.get(lvl, [])[first_share:after_shares]],
            )
            self.index.breakdowns.append(bd)
            for p in parts:
                p.list_id = bd.id
                parts_at[lvl].drop(p)
                if lvl == 0 and p.period != "prior":
                    outside.drop(p)

    def _shares(self, claims: list[Claim], breakdowns: list[Breakdown]) -> None:
        """Bind each share to its numerator (the amount just before it) and its whole; `breakdowns` are
        the paragraph's 其中 lists."""
        lists_by_total: dict[int, list[Breakdown]] = {}
        for bd in breakdowns:
            lists_by_total.setdefault(bd.total, []).append(bd)
        latest: int | None = None  # index of the latest amount or share
        earlier: int | None = None  # … and of the one before it
        for i, claim in enumerate(claims):
            at, before_at = latest, earlier
            if claim.kind in ("amount", "share"):
                earlier, latest = latest, i
            if claim.kind != "share" or at is None:
                continue
            whole_text = self._share_wholes.pop(claim.id, "")
            whole_written = bool(_DIGIT.search(whole_text))  # 占总支出100万元的40%
            whole: Claim | None = None
            if whole_written and before_at is not None and claims[at].kind == "amount":
                # the amount just before the share is its whole; the part is the amount before that only
                # when 占 follows it directly (支出20.35万元，占…), not when the share names its own part
                # (支出120万元，公用经费占支出总额120万元的10%)
                gap = self.doc.text[claims[before_at].end : claims[at].start].lstrip("，,、 \u3000")
                if gap.startswith("占"):
                    whole, at = claims[at], before_at
            if claims[at].sentence != claim.sentence:
                continue
            numerator = claims[at]
            if numerator.kind != "amount" or any(
                bd.start < claim.start < bd.end for bd in lists_by_total.get(numerator.id, ())
            ):
                continue  # no amount of its own (其中：基本支出占27.52%), or the total of the list it stands in
            claim.links["part"] = numerator.id
            if whole_written:
                pass  # found above, or not at all
            elif whole_text:
                whole = self._amount_labelled(re.sub(r"[的\s]", "", whole_text), numerator.id)
            elif numerator.list_id is not None:
                whole = self.index.claims[self.index.breakdowns[numerator.list_id].total]
            if whole is not None:
                claim.links["whole"] = whole.id
            claim.links.pop("whole_text", None)

    def _amount_labelled(self, key: str, before: int) -> Claim | None:
        """The latest amount before claim `before` (of this paragraph; the calls come in claim order)
        whose label, without 的 and spaces, contains `key`."""
        if not key:
            return None
        found = self._labelled_in(self._labelled_here, key, self._paragraph_first, before)
        return found if found is not None else self._labelled_in(self._labelled, key, 0, self._paragraph_first)

    def _labelled_in(self, memo: _LabelMemo, key: str, begin: int, stop: int) -> Claim | None:
        """_amount_labelled among claims begin…stop, reading only those not read for `key` before: the
        earlier blocks' claims are remembered for good, this paragraph's until it is done (its totals and
        changes may still change kind)."""
        read, found = memo.get(key, (begin, None))
        for c in self.index.claims[read:stop]:
            if c.kind == "amount" and key in re.sub(r"[的\s]", "", c.label):
                found = c
        memo[key] = (max(read, stop), found)
        return found

    def _formula_spans(self, pattern: re.Pattern[str], start: int, end: int) -> list[tuple[Span, Span]]:
        """(expression, result) of each written formula in a paragraph. A formula is read in a short window
        around its “=”, at most _MAX_FORMULAS of them, so a paragraph full of “=” costs no more than that."""
        text = self.doc.text
        found: dict[Span, tuple[Span, Span]] = {}
        eq = text.find("=", start, end)
        windows = 0
        while eq >= 0 and windows < _MAX_FORMULAS:
            lo = max(start, eq - _FORMULA_REACH)
            # the window is cut out of the text: the patterns look behind their start, which is the window's
            m = pattern.search(text[lo : min(end, eq + _RESULT_REACH)])
            if m is not None and lo + m.start("expr") <= eq < lo + m.end():
                expression = (lo + m.start("expr"), lo + m.end("expr"))
                result = (lo + m.start("res"), lo + m.end("res"))
                found[expression[0], result[1]] = (expression, result)
            windows += 1
            eq = text.find("=", eq + 1, end)
        return [found[k] for k in sorted(found)]

    def _formulas(self, bi: int, start: int, end: int) -> None:
        text = self.doc.text
        for pattern, percent in ((_FORMULA, True), (_SUM_FORMULA, False)):
            for (expr_start, expr_end), (res_start, res_end) in self._formula_spans(pattern, start, end):
                operands = [q for q in find_quantities(text, expr_start, expr_end) if q.unit == ""]
                result = find_quantities(text, res_start, res_end)
                if len(operands) < 2 or len(result) != 1:
                    continue
                expr_chars = []
                pos = expr_start
                for k, q in enumerate(operands):
                    expr_chars.append(text[pos : q.start])
                    expr_chars.append(f"v{k}")
                    pos = q.end
                expr_chars.append(text[pos:expr_end])
                expression = "".join(expr_chars).translate(str.maketrans("÷×−（）", "/*-()")).replace(" ", "")
                if percent:
                    expression = f"({expression}) * 100"
                self.index.formulas.append(WrittenFormula(expression, operands, result[0], bi))

    def _paired_totals(self, start: int, end: int, claims: list[Claim]) -> None:
        """收、支总计分别为X、Y (各是X,Y万元): the first is 收入总计, the second 支出总计."""
        starts = [c.start for c in claims]
        changes: list[re.Match[str]] | None = None  # the paragraph's 各增加/各减少 …, read when first needed
        change_starts: list[int] = []
        pairs = list(_PAIRED_TOTALS.finditer(self.doc.text, start, end))
        for i, m in enumerate(pairs):
            k = bisect_left(starts, m.end())
            following = claims[k : k + 2]
            if len(following) < 2 or following[1].start - following[0].end > 3:
                continue
            first, second = following
            if second.quantity.dimension != "money" or first.quantity.unit not in ("", second.quantity.unit):
                continue
            if first.quantity.unit == "":
                first.quantity = replace(first.quantity, unit=second.quantity.unit)
                first.kind = "amount"
                self._remember_amount(first)
            first.item, second.item = "income.total", "expenditure.total"
            if changes is None:
                changes = list(_PAIRED_CHANGE.finditer(self.doc.text, start, end))
                change_starts = [c.start() for c in changes]
            # a change starts with 各, which no other part of a match contains: those from m.end() on are
            # the ones a search from there would find; those after the next pair are that pair's
            until = pairs[i + 1].start() if i + 1 < len(pairs) else end
            later = changes[bisect_left(change_starts, m.end()) : bisect_left(change_starts, until)]
            self._paired_changes((first, second), later, claims, starts)

    def _paired_changes(
        self, pair: tuple[Claim, Claim], changes: list[re.Match[str]], claims: list[Claim], starts: list[int]
    ) -> None:
        """…各减少X,Y万元，各下降P%、Q%: the i-th change and rate belong to the i-th total of the pair."""
        for m in changes:
            k = bisect_left(starts, m.end())
            following = claims[k : k + 2]
            if len(following) < 2 or following[1].start - following[0].end > 3:
                continue
            direction = 1 if m.group("dir") in self.v.increase else -1
            percent = following[1].quantity.dimension == "percent"
            for current, claim in zip(pair, following, strict=True):
                if claim.quantity.unit == "" and not percent:
                    claim.quantity = replace(claim.quantity, unit=following[1].quantity.unit)
                claim.kind, claim.direction, claim.item = ("change_rate" if percent else "change"), direction, None
                claim.subject = current.subject
                claim.links["current"] = current.id

    def _comparisons(self, start: int, end: int, claims: list[Claim]) -> None:
        """决算数小于预算数 / 未超出预算: a statement about actual against budget without a number."""
        ends = [c.end for c in claims]
        for m in _COMPARISON.finditer(self.doc.text, start, end):
            word = m.group("dir")
            direction = 0 if word == "等于" else (-1 if word in _BELOW or m.group("none") else 1)
            k = bisect_right(ends, m.start())
            before = claims[k - 1] if k else None
            self.index.comparisons.append(
                Comparison(
                    direction=direction,
                    at_most=bool(m.group("none")),
                    start=m.start(),
                    end=m.end(),
                    block=before.block if before else -1,
                    sentence=before.sentence if before else -1,
                    subject=before.subject if before else None,
                )
            )

    def _grades(self, start: int, end: int, claims: list[Claim]) -> None:
        ends = [c.end for c in claims]
        for m in _GRADE.finditer(self.doc.text, start, end):
            near = claims[bisect_left(ends, m.start() - 40) : bisect_right(ends, m.start())]
            scores = [c for c in near if c.kind == "score"]
            self.index.grades.append(
                GradeMention(
                    grade=self.v.grades.get(m.group("grade"), m.group("grade")),
                    raw=m.group("grade"),
                    start=m.start("grade"),
                    end=m.end("grade"),
                    score=scores[-1].id if scores else None,
                )
            )

    # --- tables -------------------------------------------------------------------------------
    def table(self, bi: int, block: Block) -> None:
        unit_hint = self._table_unit(bi)
        header_rows = 0
        for row in block.rows:
            if any(find_quantities(self.doc.text, c.start, c.end) for c in row):
                break
            header_rows += 1
        headers: dict[int, str] = {}
        for row in block.rows[:header_rows]:
            for col, cell in enumerate(row):
                headers[col] = headers.get(col, "") + cell.text
        total_row: dict[int, Claim] = {}
        share_cells: list[tuple[Claim, int, list[Claim]]] = []
        rate_cells: list[tuple[Claim, list[Claim]]] = []
        data_rows: list[tuple[str, list[Claim]]] = []
        for r, row in enumerate(block.rows[header_rows:], start=header_rows):
            self.sentence += 1
            label = row[0].text if row else ""
            subject, _ = self.subject_of(label)
            if not _:
                subject = f"row:{re.sub(r'^[一二三四五六七八九十]+、|^其中[:：]?', '', label)}"
            row_claims: list[Claim] = []
            for col, cell in enumerate(row):
                for q in find_quantities(self.doc.text, cell.start, cell.end):
                    header = headers.get(col, "")
                    if _TARGET_HEADER.search(header) and q.dimension in ("count", "percent", "money", "none"):
                        kind = "achieved" if re.search(r"实际|完成", header) else "target"
                        before = self.doc.text[cell.start : q.start].strip()
                        claim = self.add(q, kind, bi, header, cell=(r, col), subject=subject)
                        claim.comparator = _comparator(before)
                        row_claims.append(claim)
                        continue
                    if q.unit in ("", "分") and _SCORE_HEADER.search(header):
                        kind = "weight" if re.search(r"分值|权重|满分", header) else "score"
                        row_claims.append(self.add(q, kind, bi, header, cell=(r, col), subject=subject))
                        continue
                    if q.unit == "":
                        hint = _HEADER_UNIT.search(header)
                        unit = hint.group(1) if hint else ("%" if "%" in header else unit_hint)
                        if re.search(r"数量|个数|人数|户数|次数", header) or not unit:
                            row_claims.append(self.add(q, "count", bi, header, cell=(r, col), subject=subject))
                            continue
                        q = replace(q, unit=unit)
                    self.index.numbers_read += 1
                    if q.dimension == "percent":
                        metric = "rate.execution" if "完成预算" in header else self.metric_of(header)
                        if re.search(r"比例|占比|占", header):
                            claim = self.add(q, "share", bi, header, cell=(r, col), subject=subject, metric="share")
                            share_cells.append((claim, r, list(row_claims)))
                        elif metric and not metric.startswith("other."):
                            claim = self.add(q, "rate", bi, header, cell=(r, col), subject=subject, metric=metric)
                            rate_cells.append((claim, list(row_claims)))
                        else:
                            claim = self.add(q, "other", bi, header, cell=(r, col), subject=subject)
                    elif q.dimension == "money":
                        basis = self.v.bases.nearest(self._strip_neutral(header))
                        prior = "prior" if _PRIOR.search(header) else None
                        claim = self.add(
                            q,
                            "amount",
                            bi,
                            header,
                            cell=(r, col),
                            subject=subject,
                            basis=basis[0] if basis else None,
                            period=prior,
                        )
                    else:
                        claim = self.add(q, "other", bi, header, cell=(r, col), subject=subject)
                    row_claims.append(claim)
            if re.match(r"^\s*(合计|总计|小计)", label):
                total_row = {c.cell[1]: c for c in row_claims if c.cell and c.kind == "amount"}
            data_rows.append((label, row_claims))
        self._table_totals(data_rows)
        for claim, row_claims in rate_cells:
            # the row's own actual and budget columns are the rate's operands (the nearest to its left)
            for c in reversed(row_claims):
                if c.kind != "amount" or c.period == "prior":
                    continue
                if c.basis == "actual":
                    claim.links.setdefault("actual", c.id)
                elif c.basis and c.basis.startswith("budget") and c.basis != "budget.change":
                    claim.links.setdefault("budget", c.id)
        for claim, _, row_claims in share_cells:
            money = [c for c in row_claims if c.kind == "amount"]
            if not money or not claim.cell:
                continue
            numerator = money[-1]
            whole = total_row.get(numerator.cell[1]) if numerator.cell else None
            if whole is not None:
                claim.links["part"] = numerator.id
                claim.links["whole"] = whole.id

    def _table_totals(self, rows: list[tuple[str, list[Claim]]]) -> None:
        """A 合计 row at the bottom of a table: each of its cells against the cells above it. A row whose
        cell is empty counts through its 其中 rows (一、房屋及构筑物 | 空 / 其中：房屋 | 13)."""
        if len(rows) < 3 or not _TOTAL_ROW.match(rows[-1][0]):
            return
        if any(_TOTAL_ROW.match(label) for label, _ in rows[:-1]):
            return  # several totals (小计 and 合计): the grouping is not ours to guess
        for total in rows[-1][1]:
            if total.cell is None or total.kind not in ("amount", "count", "share", "score", "weight"):
                continue
            col = total.cell[1]
            parts: list[Claim] = []
            parent_value: Claim | None = None
            children: list[Claim] = []
            groups: list[tuple[Claim | None, list[Claim]]] = []
            for label, cells in rows[:-1]:
                cell = next((c for c in cells if c.cell and c.cell[1] == col), None)
                if label.lstrip().startswith("其中"):
                    if cell is not None:
                        children.append(cell)
                    continue
                groups.append((parent_value, children))
                parent_value, children = cell, []
            groups.append((parent_value, children))
            for parent, kids in groups:
                if parent is not None:
                    parts.append(parent)
                else:
                    parts.extend(kids)
            if len(parts) >= 2 and all(p.kind == total.kind for p in parts):
                bd = Breakdown(
                    id=len(self.index.breakdowns),
                    total=total.id,
                    parts=[p.id for p in parts],
                    start=total.start,
                    end=total.end,
                    source="table",
                )
                self.index.breakdowns.append(bd)

    def _table_unit(self, bi: int) -> str:
        for k in range(bi - 1, max(-1, bi - 3), -1):
            block = self.doc.blocks[k]
            m = _UNIT_HINT.search(self.doc.text, block.start, block.end)
            if m:
                return m.group(1)
        return ""

    def run(self) -> ClaimIndex:
        self._share_wholes: dict[int, str] = {}
        for bi, block in enumerate(self.doc.blocks):
            first = len(self.index.claims)
            if block.kind == "paragraph":
                self.paragraph(bi, block)
            else:
                self.table(bi, block)
                for claim in self.index.claims[first:]:
                    self._remember_amount(claim)
            self._amounts_ending.pop(bi - 4, None)  # out of _current_by_label's reach
        return self.index


def extract(doc: Document, vocab: Vocabulary | None = None) -> ClaimIndex:
    return _Extractor(doc, vocab or vocabulary()).run()
