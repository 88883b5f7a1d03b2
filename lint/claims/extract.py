"""Document → ClaimIndex: attribute each number to a metric, subject and basis, and recognise the
structures that relate numbers (其中 breakdowns, 完成预算X的Y%, 占X的Y%, 比上年…, written formulas,
tables, score and grade)."""

from __future__ import annotations

import re
from dataclasses import replace

from lint.claims.model import Breakdown, Claim, ClaimIndex, Comparison, GradeMention, WrittenFormula
from lint.claims.quantity import Quantity, find_quantities
from lint.claims.vocab import Vocabulary, vocabulary
from lint.document import Block, Document

SENTENCE_END = "。！？!?"
CLAUSE_BREAK = "，,；;：:、\n\t"
OPEN, CLOSE = "（(", "）)"
_COMPLETE_BUDGET = re.compile(
    r"完成(?:了)?(?P<basis>年初|全年|调整后的?|年度)?(?:财政)?预算(?:数)?(?P<amount>[^，。；的]{0,24}?)的?\s*$"
)
_SHARE_OF = re.compile(r"占(?P<whole>[^，。；：:%]{0,30}?)的?\s*(?:比例|比重)?(?:为|是)?\s*$")
_UNIT_HINT = re.compile(r"(?:单位|金额单位)\s*[：:]\s*(亿元|万元|千元|元)")
_HEADER_UNIT = re.compile(r"[（(](亿元|万元|千元|元)[)）]")
_GRADE = re.compile(
    r"(?:自评等级|评价等级|绩效等级|等级|评级|评价结果为)\s*(?:[:：为是]|评定为|确定为)?\s*[“\"]?"
    r"(?P<grade>优秀|良好|不合格|合格|优|良|中|差)"
)
_FORMULA = re.compile(
    r"(?P<expr>[(（]?\s*\d[\d.,\s()（）+\-−/÷×*]*?[/÷][\d.,\s()（）+\-−/÷×*]*?\d\s*[)）]?)"
    r"\s*[×*]\s*100\s*%\s*=\s*(?P<res>-?\d[\d.,]*\s*%)"
)
_FORMULA_REACH, _RESULT_REACH, _MAX_FORMULAS = 80, 30, 40  # characters before / after “=”, “=” per paragraph
_SUM_FORMULA = re.compile(r"(?P<expr>\d[\d.,]*(?:\s*[+＋]\s*\d[\d.,]*)+)\s*=\s*(?P<res>\d[\d.,]*)(?![\d.])")
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


class _Extractor:
    def __init__(self, doc: Document, vocab: Vocabulary) -> None:
        self.doc = doc
        self.v = vocab
        self.index = ClaimIndex()
        self.sentence = 0

    # --- facets -------------------------------------------------------------------------------
    def _strip_neutral(self, label: str) -> str:
        for word in self.v.neutral:
            label = label.replace(word, "　" * len(word))
        return label

    def subject_of(self, label: str) -> tuple[str | None, bool]:
        """(subject id, found): a named item, a generic 经费 item, or the whole unit (None)."""
        named = self.v.subjects.nearest(label)
        if named:
            return named[0], True
        generic = None
        for m in self.v.generic_subject.finditer(label):
            generic = m.group(1)
        if generic:
            name = re.sub(r"^[\d\s年度月]+", "", generic)
            changed = True
            while changed:
                changed = False
                for noise in self.v.generic_noise:
                    if name.startswith(noise) and len(name) > len(noise) + 1:
                        name = name[len(noise) :]
                        changed = True
            return f"item:{name}", True
        if any(w in label for w in self.v.whole_unit):
            return None, True
        return None, False

    def metric_of(self, prefix: str) -> str | None:
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
        depth = _depths(para)
        quantities = [q for q in find_quantities(text, start, end) if not self._skip(q, text)]
        self.index.numbers_read += sum(1 for q in quantities if q.dimension not in ("date", "count"))
        subject: str | None = None
        paren_subject: str | None = None
        sentence_start = start
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

        def claims_in_sentence(claim: Claim) -> bool:
            return any(c.sentence == claim.sentence for c in claims_here)

        for q in quantities:
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
            clause_start = last_clause_break[q.start - start]
            clause_start = max(start + clause_start + 1, sentence_start)
            label = text[max(clause_start, prev_end) : q.start]
            lookback = text[max(sentence_start, prev_end) : q.start]  # metric words may stand before a comma
            sentence_prefix = text[sentence_start : q.start]
            in_paren = depth[q.start - start] > 0
            prev_end = q.end
            for marker in self.v.yoy_markers:
                at = sentence_prefix.rfind(marker)
                if at >= 0 and (yoy_at is None or sentence_start + at > yoy_at):
                    yoy_at = sentence_start + at
            for found_marker in _YOY_PATTERN.finditer(sentence_prefix):
                if yoy_at is None or sentence_start + found_marker.start() > yoy_at:
                    yoy_at = sentence_start + found_marker.start()
            if q.unit == "" and yoy_at is not None and self._inline_prior(q, label, quantities):
                # 较上年2.08减少0.03万元: last year's value written without its unit
                q = replace(q, unit=self._inline_prior(q, label, quantities))
                claim = self.add(q, "amount", bi, label, period="prior")
            elif q.dimension == "money":
                claim = self._amount(q, bi, label, yoy_at)
            elif q.dimension == "percent":
                claim = self._percent(q, bi, label, lookback, sentence_prefix, yoy_at)
                if claim.kind in ("rate", "other") and _PRIOR.search(label):
                    claim.period = "prior"  # 上年执行率为93.00%
            elif q.dimension == "points" and yoy_at is not None and self._direction(label):
                claim = self.add(q, "change_points", bi, label, direction=self._direction(label))
            elif q.dimension == "score" and any(w in sentence_prefix for w in self.v.score_words):
                claim = self.add(q, "score", bi, label, metric="score")
            elif q.dimension == "count":
                claim = self.add(q, "count", bi, label)
            else:
                claim = self.add(q, "other", bi, label)
            # subject: named in the label, else carried over from the sentence before
            found_subject, found = self.subject_of(self._strip_neutral(label))
            if claim.kind in ("rate", "share", "change_rate") and not found:
                found_subject, found = self.subject_of(self._strip_neutral(text[clause_start : q.start]))
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
            claim.whole_unit = any(w in sentence_prefix for w in self.v.whole_unit) or bool(_TOTAL_WORD.search(label))
            years = _YEAR.findall(sentence_prefix)
            claim.year = years[-1] if years else None
            if claim.kind == "change" and (current_amount is None or current_amount.end < (yoy_at or 0) - 30):
                named = self._current_by_label(label, bi)
                if named is not None:
                    current_amount = named
                elif current_amount is None and previous_amount is not None and not claims_in_sentence(claim):
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
            if claim.kind in ("other",) and q.dimension in ("money", "percent", "score"):
                self.index.unattributed.append(q)
            claims_here.append(claim)
        self._breakdowns(para, start, depth, claims_here)
        self._shares(claims_here)
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

    def _inline_prior(self, q: Quantity, label: str, quantities: list[Quantity]) -> str:
        """The money unit of a bare number standing between a yoy marker and a change, or ""."""
        if not self._after_yoy_marker(self._strip_neutral(label)):
            return ""
        following = self.doc.text[q.end : q.end + 4]
        if not any(following.startswith(w) for w in (*self.v.increase, *self.v.decrease)):
            return ""
        later = [x for x in quantities if x.start > q.end and x.dimension == "money"]
        return later[0].unit if later and later[0].start - q.end <= 8 else ""

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
        if len(item) < 3:
            return None
        for c in reversed(self.index.claims):
            if not block - 3 <= c.block <= block or c.kind != "amount" or c.period == "prior":
                continue
            if re.sub(r"^.*?年度?", "", c.label).endswith(item) or c.label.endswith(item):
                return c
        return None

    def _after_yoy_marker(self, label: str) -> bool:
        """比上年 5.76 万元 / 较上年支出 1,802.30 万元: the number right after the marker is last year's."""
        at = max((label.rfind(m) + len(m) for m in self.v.yoy_markers if m in label), default=-1)
        if at < 0:
            at = max((m.end() for m in _YOY_PATTERN.finditer(label)), default=-1)
        return at >= 0 and not self._direction(label[at:]) and len(label) - at <= 8

    def _direction(self, label: str) -> int:
        up = max((label.rfind(w) for w in self.v.increase), default=-1)
        down = max((label.rfind(w) for w in self.v.decrease), default=-1)
        if up < 0 and down < 0:
            return 0
        return 1 if up > down else -1

    def _percent(
        self, q: Quantity, bi: int, label: str, clause: str, sentence_prefix: str, yoy_at: int | None
    ) -> Claim:
        direction = self._direction(label)
        if yoy_at is not None and q.start > yoy_at and direction:
            return self.add(q, "change_rate", bi, label, direction=direction)
        m = _COMPLETE_BUDGET.search(sentence_prefix)
        if m:
            declared = _BASIS_DECLARED.get(m.group("basis") or "", "budget" if not m.group("basis") else None)
            claim = self.add(q, "rate", bi, label, metric="rate.execution", declared_basis=declared)
            inner = m.group("amount")
            if inner and re.search(r"\d", inner):
                base = self._claim_ending_at(q.start - (len(sentence_prefix) - m.end("amount")))
                if base is not None:
                    base.basis = base.basis or declared or "budget"
                    claim.links["budget"] = base.id
            return claim
        share = _SHARE_OF.search(clause)
        if share or any(label.rstrip("为是：: ").endswith(w) for w in self.v.share):
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
            if claim.end <= offset and claim.quantity.dimension == "money":
                return claim if offset - claim.end <= 2 else None
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
        for marker_start, marker_end in self._list_openings(para, base, claims):
            if marker_start < len(para):
                at = base + marker_start
                level = depth[marker_start]
                if level:
                    close = next(
                        (i for i in range(marker_start, len(para)) if para[i] in CLOSE and depth[i] == level),
                        len(para),
                    )
                    stop = base + close
                else:
                    stop = base + self._list_end(para, marker_end)
                before = [
                    c
                    for c in claims
                    if c.end <= at
                    and c.kind == "amount"
                    and c.period != "prior"
                    and (depth[c.start - base] < level if level else depth[c.start - base] == 0 and c.list_id is None)
                ]
                if not before:
                    continue
                total = before[-1]
                parts = [
                    c
                    for c in claims
                    if at < c.start < stop
                    and c.kind == "amount"
                    and depth[c.start - base] == level
                    and c.list_id is None
                ]
                shares = [
                    c for c in claims if at < c.start < stop and c.kind == "share" and depth[c.start - base] == level
                ]
                listed = len(parts) >= 2 and not any(p.quantity.approx for p in parts)
                if not listed and not (not parts and len(shares) >= 2):  # 其中：A占p%，B占q% — shares alone
                    continue
                bd = Breakdown(
                    id=len(self.index.breakdowns),
                    total=total.id,
                    parts=[p.id for p in parts],
                    start=at,
                    end=stop,
                    shares=[c.id for c in shares],
                )
                self.index.breakdowns.append(bd)
                for p in parts:
                    p.list_id = bd.id

    def _lists_it(self, total: Claim, share: Claim) -> bool:
        """The amount is the total of a 其中 list that the share stands in (so it is the whole, not the part)."""
        return any(bd.total == total.id and bd.start < share.start < bd.end for bd in self.index.breakdowns)

    def _list_end(self, para: str, begin: int) -> int:
        """A 其中 list ends at 。, or at a ； after which a new total (合计, 总额 …) is introduced."""
        full_stop = para.find("。", begin)
        full_stop = len(para) if full_stop < 0 else full_stop
        pos = begin
        while True:
            semi = min([i for i in (para.find("；", pos), para.find(";", pos)) if i >= 0] or [full_stop])
            if semi >= full_stop:
                return full_stop
            number = re.search(r"\d", para[semi + 1 : full_stop])
            label = para[semi + 1 : semi + 1 + number.start()] if number else ""
            if not number or re.search(r"合计|总计|总额|小计|总支出|总收入|其中", label):
                return semi
            pos = semi + 1

    def _shares(self, claims: list[Claim]) -> None:
        """Bind each share to its numerator (the amount just before it) and its whole."""
        for i, claim in enumerate(claims):
            if claim.kind != "share":
                continue
            numerator = next(
                (c for c in reversed(claims[:i]) if c.kind in ("amount", "share") and c.sentence == claim.sentence),
                None,
            )
            if numerator is None or numerator.kind != "amount" or self._lists_it(numerator, claim):
                continue  # no amount of its own: 其中：基本支出占27.52%
            claim.links["part"] = numerator.id
            whole_text = self._share_wholes.pop(claim.id, "")
            whole: Claim | None = None
            if whole_text and re.search(r"\d", whole_text):
                whole = next((c for c in reversed(claims[:i]) if c.kind == "amount" and c.start > numerator.end), None)
            elif whole_text:
                key = re.sub(r"[的\s]", "", whole_text)
                for c in reversed(self.index.claims[: numerator.id]):
                    if c.kind == "amount" and key and key in re.sub(r"[的\s]", "", c.label):
                        whole = c
                        break
            elif numerator.list_id is not None:
                whole = self.index.claims[self.index.breakdowns[numerator.list_id].total]
            if whole is not None:
                claim.links["whole"] = whole.id
            claim.links.pop("whole_text", None)

    def _formula_matches(self, pattern: re.Pattern[str], start: int, end: int) -> list[re.Match[str]]:
        """Matches of a written-formula pattern, searched only in short windows around each “=”: the
        patterns backtrack over long runs of digits, so they never see more than a formula's length."""
        text = self.doc.text
        found: dict[tuple[int, int], re.Match[str]] = {}
        eq = text.find("=", start, end)
        windows = 0
        while eq >= 0 and windows < _MAX_FORMULAS:
            m = pattern.search(text, max(start, eq - _FORMULA_REACH), min(end, eq + _RESULT_REACH))
            if m is not None and m.start() <= eq < m.end():
                found[m.span()] = m
            windows += 1
            eq = text.find("=", eq + 1, end)
        return [found[k] for k in sorted(found)]

    def _formulas(self, bi: int, start: int, end: int) -> None:
        text = self.doc.text
        for pattern, percent in ((_FORMULA, True), (_SUM_FORMULA, False)):
            for m in self._formula_matches(pattern, start, end):
                operands = [q for q in find_quantities(text, m.start("expr"), m.end("expr")) if q.unit == ""]
                result = find_quantities(text, m.start("res"), m.end("res"))
                if len(operands) < 2 or len(result) != 1:
                    continue
                expr_chars = []
                pos = m.start("expr")
                for k, q in enumerate(operands):
                    expr_chars.append(text[pos : q.start])
                    expr_chars.append(f"v{k}")
                    pos = q.end
                expr_chars.append(text[pos : m.end("expr")])
                expression = "".join(expr_chars).translate(str.maketrans("÷×−（）", "/*-()")).replace(" ", "")
                if percent:
                    expression = f"({expression}) * 100"
                self.index.formulas.append(WrittenFormula(expression, operands, result[0], bi))

    def _paired_totals(self, start: int, end: int, claims: list[Claim]) -> None:
        """收、支总计分别为X、Y (各是X,Y万元): the first is 收入总计, the second 支出总计."""
        for m in _PAIRED_TOTALS.finditer(self.doc.text, start, end):
            following = [c for c in claims if c.start >= m.end()][:2]
            if len(following) < 2 or following[1].start - following[0].end > 3:
                continue
            first, second = following
            if second.quantity.dimension != "money" or first.quantity.unit not in ("", second.quantity.unit):
                continue
            if first.quantity.unit == "":
                first.quantity = replace(first.quantity, unit=second.quantity.unit)
                first.kind = "amount"
            first.item, second.item = "income.total", "expenditure.total"
            self._paired_changes((first, second), m.end(), end, claims)

    def _paired_changes(self, pair: tuple[Claim, Claim], begin: int, end: int, claims: list[Claim]) -> None:
        """…各减少X,Y万元，各下降P%、Q%: the i-th change and rate belong to the i-th total of the pair."""
        for m in _PAIRED_CHANGE.finditer(self.doc.text, begin, end):
            following = [c for c in claims if c.start >= m.end()][:2]
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
        for m in _COMPARISON.finditer(self.doc.text, start, end):
            word = m.group("dir")
            direction = 0 if word == "等于" else (-1 if word in _BELOW or m.group("none") else 1)
            before = [c for c in claims if c.end <= m.start()]
            self.index.comparisons.append(
                Comparison(
                    direction=direction,
                    at_most=bool(m.group("none")),
                    start=m.start(),
                    end=m.end(),
                    block=before[-1].block if before else -1,
                    sentence=before[-1].sentence if before else -1,
                    subject=before[-1].subject if before else None,
                )
            )

    def _grades(self, start: int, end: int, claims: list[Claim]) -> None:
        for m in _GRADE.finditer(self.doc.text, start, end):
            scores = [c for c in claims if c.kind == "score" and c.end <= m.start() and m.start() - c.end <= 40]
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
            if block.kind == "paragraph":
                self.paragraph(bi, block)
            else:
                self.table(bi, block)
        return self.index


def extract(doc: Document, vocab: Vocabulary | None = None) -> ClaimIndex:
    return _Extractor(doc, vocab or vocabulary()).run()
