"""printing/: receipts and 一次性告知单 as PDF, checked the way a reader, a printer and a scanner see them.

Text comes out with pypdf; pages are rasterised with pypdfium2 and the QR code is read back
with zxing-cpp; the font dictionaries are inspected for an embedded TrueType subset.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import uuid
from decimal import Decimal
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image, ImageChops

from kuaixiang_core.domain import receipt_token as rt
from kuaixiang_core.domain.money import format_yuan, in_words
from kuaixiang_desktop.printing import fonts as fonts_module
from kuaixiang_desktop.printing.fonts import ENV_VAR, CjkFont, FontError, cjk_font
from kuaixiang_desktop.printing.notice import NoticeData, render_notice
from kuaixiang_desktop.printing.qr import qr_matrix, qr_version
from kuaixiang_desktop.printing.receipt import ReceiptData, render_receipt

MM = 72 / 25.4
UTC = dt.timezone.utc
PRIVATE = bytes(range(1, 33))
ACCEPTED = dt.datetime(2025, 9, 30, 2, 15, 7, tzinfo=UTC)  # 10:15:07 in Shanghai
APP_ID = uuid.UUID("3bb0083d-4d47-40cb-804d-b639027f02d7")
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def _public(private: bytes) -> bytes:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.from_private_bytes(private).public_key()
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


PUBLIC = _public(PRIVATE)
KEYS = {rt.key_id(PUBLIC): PUBLIC}


def _qr_text(receipt_no: str = "371502-01-20250930-Q7AO-0007", amount_fen: int | None = 1234560) -> str:
    fields = rt.ReceiptFields(
        receipt_no=receipt_no,
        application_id=APP_ID,
        credit_code="91371502MA3C8YYY1Y",
        item_id="lc-wengang-2024",
        amount_fen=amount_fen,
        accepted_at=ACCEPTED,
        hall_code="371502-01",
    )
    return rt.sign(fields, PRIVATE)


def receipt(**changes) -> ReceiptData:
    values = dict(
        hall_name="聊城市东昌府区政务服务大厅",
        hall_code="371502-01",
        window="人社综合窗口（3号）",
        receipt_no="371502-01-20250930-Q7AO-0007",
        application_id=str(APP_ID),
        enterprise_name="聊城市鲁西新材料科技有限公司",
        credit_code="91371502MA3C8YYY1Y",
        item_title="失业保险稳岗返还（中小微企业）",
        doc_no="聊人社发〔2024〕12号",
        department="聊城市人力资源和社会保障局",
        materials_received=[("营业执照", 1, 1), ("法定代表人身份证", 1, 1), ("稳岗返还申请表", 1, 0)],
        materials_owed=[("上年度失业保险缴费明细", dt.date(2025, 10, 14))],
        amount=Decimal("12345.60"),
        benefit_text=None,
        promised_days=5,
        promised_date=dt.date(2025, 10, 14),
        clerk_name="王芳",
        agent_name="张三",
        agent_id_masked="3701**********123X",
        agent_phone_masked="138****5678",
        accepted_at=ACCEPTED,
        qr_text=_qr_text(),
        reprint=False,
    )
    values.update(changes)
    return ReceiptData(**values)


MISSING = [
    ("上年度失业保险缴费明细", "核实上年度是否足额缴纳失业保险费", 1, 1),
    ("企业银行基本账户开户证明", "返还资金拨付账户", 0, 1),
    ("稳岗返还申请表（加盖公章）", "申请依据", 1, 0),
    ("法定代表人身份证", "核验法定代表人身份", 1, 1),
    ("经办人授权委托书", "代办授权", 1, 0),
    ("上年度财务报表", "核实企业划型", 0, 1),
    ("职工花名册", "核实参保人数", 0, 1),
    ("裁员情况说明", "核实裁员率", 1, 0),
    ("纳税信用等级证明", "核实信用状况", 0, 1),
    ("社会保险登记证", "核实参保登记", 0, 1),
    ("劳动合同样本", "核实用工", 0, 1),
    ("承诺书", "对所报材料真实性负责", 1, 0),
]


def notice(**changes) -> NoticeData:
    values = dict(
        hall_name="聊城市东昌府区政务服务大厅",
        hall_code="371502-01",
        window="人社综合窗口（3号）",
        enterprise_name="聊城市鲁西新材料科技有限公司",
        credit_code="91371502MA3C8YYY1Y",
        item_title="失业保险稳岗返还（中小微企业）",
        doc_no="聊人社发〔2024〕12号",
        department="聊城市人力资源和社会保障局",
        missing=MISSING,
        clerk_name="王芳",
        issued_at=ACCEPTED,
        hall_phone="0635-8888888",
    )
    values.update(changes)
    return NoticeData(**values)


@pytest.fixture(scope="module")
def font() -> CjkFont:
    found = cjk_font()
    if not found.embedded:
        pytest.skip("没有可嵌入的中文 TrueType 字体（请安装 fonts-wqy-zenhei）")
    return found


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def render_pages(pdf: bytes, dpi: float = 200) -> list[Image.Image]:
    document = pdfium.PdfDocument(pdf)
    try:
        images = []
        for i in range(len(document)):
            page = document[i]
            try:
                images.append(page.render(scale=dpi / 72).to_pil().convert("L"))
            finally:
                page.close()
        return images
    finally:
        document.close()


def char_boxes(pdf: bytes):
    """(page index, page width, page height, char, (left, bottom, right, top)) for every glyph."""
    document = pdfium.PdfDocument(pdf)
    try:
        for i in range(len(document)):
            page = document[i]
            textpage = page.get_textpage()
            try:
                width, height = page.get_size()
                for k in range(textpage.count_chars()):
                    ch = textpage.get_text_range(k, 1)
                    if ch.strip():
                        yield i, width, height, ch, textpage.get_charbox(k)
            finally:
                textpage.close()
                page.close()
    finally:
        document.close()


def read_qr(image: Image.Image) -> list[str]:
    return [b.text for b in zxingcpp.read_barcodes(image) if b.format == zxingcpp.BarcodeFormat.QRCode]


# --- content ------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["a4", "80mm"])
def test_receipt_text_has_the_facts_exactly(font, layout):
    data = receipt()
    text = text_of(render_receipt(data, layout))
    for expected in (
        data.enterprise_name,
        data.credit_code,
        data.item_title,
        data.receipt_no,
        data.doc_no,
        data.department,
        "12,345.60",
        "人民币壹万贰仟叁佰肆拾伍元陆角整",
        "2025年10月14日",  # promised date …
        "5 个工作日",  # … with its working-day count
        "2025年09月30日 10:15:07",  # accepted_at in Asia/Shanghai
        "3701**********123X",
        "138****5678",
        "王芳",
        "扫码核验真伪",
        "营业执照",
        "上年度失业保险缴费明细",
    ):
        assert expected in text, expected
    assert format_yuan(data.amount) in text and in_words(data.amount) in text
    assert "补打" not in text


def test_a4_has_the_material_counts_in_a_table(font):
    text = text_of(render_receipt(receipt(), "a4"))
    assert "原件" in text and "复印件" in text
    assert "已收材料（共 3 项）" in text
    assert "待补材料（容缺受理，共 1 项）" in text
    assert "2025年10月14日前" in text


def test_no_amount_shows_the_benefit_text(font):
    text = text_of(render_receipt(receipt(amount=None, benefit_text="按规定享受社会保险补贴", qr_text=_qr_text(amount_fen=None)), "a4"))
    assert "按规定享受社会保险补贴" in text
    assert "大写" not in text


@pytest.mark.parametrize("layout", ["a4", "80mm"])
def test_a_deduction_is_not_printed_as_money_to_be_paid(font, layout):
    text = squeeze(text_of(render_receipt(receipt(amount=Decimal("800000.00"), benefit_kind="deduction"), layout)))
    assert "可加计扣除额约800,000.00元" in text
    assert "大写" not in text and "小写" not in text


def test_nothing_owed_says_so(font):
    text = text_of(render_receipt(receipt(materials_owed=[]), "a4"))
    assert "待补材料：无" in text


@pytest.mark.parametrize("layout", ["a4", "80mm"])
def test_reprint_says_so_on_its_face(font, layout):
    text = text_of(render_receipt(receipt(reprint=True), layout))
    assert "受理回执（补打）" in text
    assert squeeze(text).count("补打") >= 2  # in the title and as a mark of its own


@pytest.mark.parametrize("layout", ["a4", "80mm"])
def test_an_amount_still_to_be_verified_says_so_next_to_it(font, layout):
    data = receipt(amount=Decimal("50000.00"), conditions_to_verify=["研发费用占营业收入比例 ≥ 3%", "上年度未发生重大安全事故"])
    text = squeeze(text_of(render_receipt(data, layout)))
    assert "￥50,000.00" in text and "伍万元整" in text
    caveat = text.index("预计金额，以聊城市人力资源和社会保障局核实为准")
    # Right under the figure (before the promised date), not lost among the notes at the foot.
    assert text.index("伍万元整") < caveat < text.index("2025年10月14日前")
    assert "需核实的条件：研发费用占营业收入比例≥3%；上年度未发生重大安全事故" in text


def test_a_settled_amount_carries_no_caveat(font):
    text = squeeze(text_of(render_receipt(receipt(), "a4")))
    assert "核实为准" not in text and "尚待核实" not in text


def test_to_verify_without_named_conditions_still_says_it_is_an_estimate(font):
    text = squeeze(text_of(render_receipt(receipt(to_verify=True, department=""), "80mm")))
    assert "预计金额，以主管部门核实为准" in text and "需核实的条件" not in text


# --- fonts --------------------------------------------------------------------------------


def _fonts(pdf: bytes) -> list[pypdf.generic.DictionaryObject]:
    found = {}
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            obj = ref.get_object()
            for descendant in obj.get("/DescendantFonts", []):
                obj = descendant.get_object()
            found[obj["/BaseFont"]] = obj
    return list(found.values())


@pytest.mark.parametrize("layout", ["a4", "80mm"])
def test_the_font_is_embedded_as_a_truetype_subset(font, layout):
    fonts = _fonts(render_receipt(receipt(), layout))
    assert fonts
    for f in fonts:  # every font, so no Helvetica or other non-embedded font either
        assert re.fullmatch(r"/[A-Z]{6}\+\S+", f["/BaseFont"]), f["/BaseFont"]
        assert "/FontFile2" in f["/FontDescriptor"].get_object(), f["/BaseFont"]


def test_every_character_printed_has_a_glyph_in_the_font(font):
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(font.name).face
    text = squeeze(text_of(render_receipt(receipt(reprint=True), "a4")) + text_of(render_notice(notice(), "a4")))
    missing = sorted({c for c in text if ord(c) not in face.charToGlyph})
    assert not missing, f"{font.describe()} 缺字：{missing}"


def test_chinese_renders_as_glyphs_not_boxes(font):
    """Crop each character of the title from the rendered page: four different, inked glyphs.

    Missing glyphs render as identical boxes (tofu) or nothing: this fails then.
    """
    pdf = render_receipt(receipt(), "a4")
    dpi = 200
    (page,) = render_pages(pdf, dpi)
    title = [(ch, box) for i, _, height, ch, box in char_boxes(pdf) if i == 0]
    text = "".join(ch for ch, _ in title)
    start = text.index("受理回执")
    crops = []
    for ch, (left, bottom, right, top) in title[start : start + 4]:
        scale = dpi / 72
        _, page_height = 0, page.height / scale
        crop = page.crop((int(left * scale), int((page_height - top) * scale), int(right * scale) + 1, int((page_height - bottom) * scale) + 1))
        crops.append(crop.resize((32, 32)))
    for crop in crops:
        inked = sum(1 for p in crop.tobytes() if p < 128)
        assert 40 < inked < 32 * 32 * 0.8  # a glyph: some ink, not a filled block, not blank
    for a in range(4):
        for b in range(a + 1, 4):
            diff = ImageChops.difference(crops[a], crops[b])
            assert sum(1 for p in diff.tobytes() if p > 100) > 40, (a, b)


@pytest.mark.allow_log_warnings
def test_without_a_cjk_truetype_font_it_falls_back_to_stsong_with_a_warning(caplog, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    with caplog.at_level(logging.WARNING, logger="kuaixiang_desktop.printing.fonts"):
        fallback = cjk_font(candidates=[], use_fontconfig=False)
    assert fallback.name == "STSong-Light" and not fallback.embedded
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings and "STSong-Light" in warnings[0].getMessage() and "不嵌入" in warnings[0].getMessage()
    pdf = render_receipt(receipt(), "a4", font=fallback)
    (f,) = _fonts(pdf)
    assert "STSong-Light" in f["/BaseFont"]
    assert "/FontFile2" not in f["/FontDescriptor"].get_object()


@pytest.mark.skipif(not WQY.exists(), reason="WenQuanYi Zen Hei is not installed")
def test_a_configured_font_path_is_used():
    chosen = cjk_font(path=f"{WQY}#0")
    assert chosen.embedded and chosen.path == WQY and chosen.subfont_index == 0
    assert "WenQuanYi" in chosen.family
    assert cjk_font(path=WQY) == chosen  # registered once


def test_an_unusable_configured_font_raises(tmp_path):
    with pytest.raises(FontError, match="不存在"):
        cjk_font(path=tmp_path / "missing.ttf")
    cff = tmp_path / "NotoSansCJK-Regular.otf"
    cff.write_bytes(b"OTTO" + bytes(200))
    with pytest.raises(FontError, match="CFF"):
        cjk_font(path=cff)
    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"not a font at all" * 10)
    with pytest.raises(FontError):
        cjk_font(path=junk)


@pytest.mark.allow_log_warnings
def test_a_broken_environment_font_warns_and_uses_the_system_font(font, monkeypatch, caplog, tmp_path):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "gone.ttf"))
    chosen = cjk_font()
    assert chosen.embedded
    assert any(ENV_VAR in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)


@pytest.mark.skipif(not WQY.exists(), reason="WenQuanYi Zen Hei is not installed")
def test_the_environment_variable_picks_the_font(monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(WQY))
    assert cjk_font().path == WQY


def test_system_candidates_name_the_usual_fonts(monkeypatch):
    monkeypatch.setattr(fonts_module.sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", r"C:\Windows")
    names = [p.name for p, _ in fonts_module.system_font_candidates()]
    assert names[:3] == ["msyh.ttc", "msyh.ttf", "simsun.ttc"]
    monkeypatch.setattr(fonts_module.sys, "platform", "linux")
    paths = [str(p) for p, _ in fonts_module.system_font_candidates()]
    assert paths[0] == "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
    assert any("NotoSansCJK" in p for p in paths)


def test_a_shipped_font_comes_before_the_systems(tmp_path, monkeypatch):
    # A frozen build carries resources/fonts/ (tools/packaging/bundle.py); a checkout has none.
    (tmp_path / "fonts").mkdir()
    shipped = tmp_path / "fonts" / "shipped.ttc"
    shipped.write_bytes(b"")
    (tmp_path / "fonts" / "licence.txt").write_text("GPL-2")
    monkeypatch.setattr(fonts_module, "resources_dir", lambda: tmp_path)
    for platform in ("linux", "win32"):
        monkeypatch.setattr(fonts_module.sys, "platform", platform)
        candidates = fonts_module.system_font_candidates()
        assert candidates[0] == (shipped, 0)
        assert len([c for c in candidates if c[0].parent == shipped.parent]) == 1
    (tmp_path / "fonts" / "shipped.ttc").unlink()
    (tmp_path / "fonts" / "licence.txt").unlink()
    (tmp_path / "fonts").rmdir()
    assert fonts_module.shipped_font_candidates() == []


# --- QR -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("layout", "dpi"), [("a4", 200), ("80mm", 203)])
def test_the_printed_qr_code_reads_back_and_verifies(font, layout, dpi):
    data = receipt()
    pages = render_pages(render_receipt(data, layout), dpi)
    assert read_qr(pages[-1]) == [data.qr_text]
    result = rt.verify(read_qr(pages[-1])[0], KEYS)
    assert result.valid, result.error
    assert result.fields.receipt_no == data.receipt_no
    assert result.fields.amount_fen == 1234560


def test_qr_sits_bottom_right_on_a4_and_centred_on_the_roll(font):
    for layout, check in (
        ("a4", lambda cx, cy, w, h: cx > 0.75 * w and cy > 0.75 * h),
        ("80mm", lambda cx, cy, w, h: abs(cx - w / 2) < 2 * MM * 200 / 72),
    ):
        (page,) = render_pages(render_receipt(receipt(), layout), 200)
        (code,) = [b for b in zxingcpp.read_barcodes(page) if b.format == zxingcpp.BarcodeFormat.QRCode]
        corners = (code.position.top_left, code.position.top_right, code.position.bottom_left, code.position.bottom_right)
        cx = sum(p.x for p in corners) / 4
        cy = sum(p.y for p in corners) / 4
        assert check(cx, cy, page.width, page.height), (layout, cx, cy, page.size)


def test_fast_reed_solomon_matches_reportlab():
    import random

    from reportlab.graphics.barcode import qrencoder

    from kuaixiang_desktop.printing.qr import _create_data

    rnd = random.Random(5)
    checked = 0
    for _ in range(120):
        level = getattr(qrencoder.QRErrorCorrectLevel, rnd.choice("LMQH"))
        text = "".join(rnd.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567.:政策") for _ in range(rnd.randint(1, 300)))
        qr = qrencoder.QRCode(None, level)
        qr.addData(text)
        version = qr.calculate_version()
        assert _create_data(version, level, qr.dataList) == list(qrencoder.QRCode.createData(version, level, qr.dataList))
        checked += 1
    assert checked == 120


def test_qr_of_a_receipt_is_small():
    assert qr_version(_qr_text(), "M") <= 10


def test_fast_mask_choice_makes_readable_codes():
    # Several payload lengths and contents, including bytes mode: each reads back exactly.
    for text in ("KX1.ABC", _qr_text(), "KX1." + "Z7" * 140, "政策快享 receipt 123", "0123456789" * 5):
        matrix = qr_matrix(text)
        n = len(matrix)
        image = Image.new("L", ((n + 8) * 4, (n + 8) * 4), 255)
        pixels = image.load()
        for r, row in enumerate(matrix):
            for c, dark in enumerate(row):
                if dark:
                    for dy in range(4):
                        for dx in range(4):
                            pixels[(c + 4) * 4 + dx, (r + 4) * 4 + dy] = 0
        assert read_qr(image) == [text]


# --- page geometry ------------------------------------------------------------------------


def test_roll_paper_is_exactly_80_mm_wide_and_one_page(font):
    reader = pypdf.PdfReader(io.BytesIO(render_receipt(receipt(), "80mm")))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(80 * MM, abs=1e-3)
    assert 150 * MM < float(box.height) < 400 * MM


def test_a4_is_a4(font):
    reader = pypdf.PdfReader(io.BytesIO(render_receipt(receipt(), "a4")))
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == (pytest.approx(210 * MM, abs=0.01), pytest.approx(297 * MM, abs=0.01))


def _long_receipt() -> ReceiptData:
    received = [(f"第{i}号材料：" + "某某专项资金申请相关证明材料（须加盖单位公章并由法定代表人签字）" * 2, i % 3, 1) for i in range(1, 61)]
    received.append(("超长材料名称" * 420, 1, 1))  # taller than an A4 page on its own: the row splits
    owed = [(f"待补材料{i}：" + "近三个月社会保险缴费凭证及完税证明" * 3, dt.date(2025, 10, 31)) for i in range(1, 26)]
    return receipt(
        enterprise_name="聊城市" + "鲁西国际新材料高新技术研发与智能制造产业" * 5 + "有限责任公司",
        item_title="关于支持" + "先进制造业和现代服务业深度融合发展" * 8 + "的若干政策措施（试行）专项奖补",
        doc_no="聊政办字〔2024〕" + "X" * 120 + "号",
        materials_received=received,
        materials_owed=owed,
        benefit_text="另按" + "实际发生的研发费用" * 20 + "给予补助",
    )


def _inside(pdf: bytes, left: float, right: float, bottom: float, top_margin: float) -> None:
    count = 0
    for i, width, height, ch, (l, b, r, t) in char_boxes(pdf):
        count += 1
        assert l >= left - 0.5 and r <= width - right + 0.5, (i, ch, l, r)
        assert b >= bottom - 0.5 and t <= height - top_margin + 0.5, (i, ch, b, t)
    assert count > 100


def test_long_content_flows_onto_more_a4_pages_and_stays_on_the_paper(font):
    data = _long_receipt()
    pdf = render_receipt(data, "a4")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 3
    text = squeeze(text_of(pdf))
    *ordinary, giant = data.materials_received
    for name, *_ in ordinary:
        assert squeeze(name) in text
    assert text.count("超长材料名称") == 420  # split over pages (with their headers in between)
    for name, _ in data.materials_owed:
        assert squeeze(name) in text
    assert squeeze(data.enterprise_name) in text and squeeze(data.item_title) in text
    assert f"共{len(reader.pages)}页" in text
    # Text stays inside the side margins (18 mm; a hanging "，" may use 4 mm of it).
    _inside(pdf, left=17 * MM, right=14 * MM, bottom=5 * MM, top_margin=5 * MM)
    # …and the QR code is still there and readable, on the last page.
    assert read_qr(render_pages(pdf)[-1]) == [data.qr_text]


def test_long_content_on_a_roll_grows_the_roll(font):
    short = pypdf.PdfReader(io.BytesIO(render_receipt(receipt(), "80mm"))).pages[0].mediabox
    data = _long_receipt()
    pdf = render_receipt(data, "80mm")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert float(reader.pages[0].mediabox.width) == pytest.approx(80 * MM, abs=1e-3)
    assert float(reader.pages[0].mediabox.height) > 5 * float(short.height)
    text = squeeze(text_of(pdf))
    for name, *_ in data.materials_received:
        assert squeeze(name) in text
    _inside(pdf, left=1 * MM, right=1 * MM, bottom=1 * MM, top_margin=1 * MM)


# --- notice -------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["a4", "80mm"])
def test_notice_lists_every_missing_material_at_once(font, layout):
    data = notice()
    pdf = render_notice(data, layout)
    text = text_of(pdf)
    flat = squeeze(text)
    assert "一次性告知单" in text
    for name, purpose, _, _ in MISSING:
        assert squeeze(name) in flat and squeeze(purpose) in flat
    assert f"以上共{len(MISSING)}项，为本次申请所缺的全部材料，已一次性告知" in flat
    assert data.enterprise_name in text and data.credit_code in text and data.item_title in text
    assert data.hall_name in text and "王芳" in text and "2025年09月30日" in text
    assert "回执编号" not in text
    if layout == "80mm":
        assert float(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width) == pytest.approx(80 * MM, abs=1e-3)


@pytest.mark.parametrize("layout", ["a4", "80mm"])
def test_notice_says_what_to_bring_for_the_facts_to_check(font, layout):
    flat = squeeze(text_of(render_notice(notice(bring=("失业保险缴费证明", "研发人员花名册")), layout)))
    assert "请携带：失业保险缴费证明、研发人员花名册" in flat
    assert "请携带" not in squeeze(text_of(render_notice(notice(), layout)))  # nothing to check: no line


def test_notice_a4_has_originals_and_copies_columns(font):
    text = text_of(render_notice(notice(), "a4"))
    assert "原件" in text and "复印件" in text and "用途及要求" in text


# --- API details --------------------------------------------------------------------------


def test_same_input_same_bytes(font):
    assert render_receipt(receipt(), "a4") == render_receipt(receipt(), "a4")
    assert render_receipt(receipt(), "80mm") == render_receipt(receipt(), "80mm")
    assert render_notice(notice(), "a4") == render_notice(notice(), "a4")


def test_bad_layout_and_naive_time_are_refused():
    with pytest.raises(ValueError, match="版式"):
        render_receipt(receipt(), "a5")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="时区"):
        receipt(accepted_at=dt.datetime(2025, 9, 30, 10, 15))
    with pytest.raises(ValueError, match="时区"):
        notice(issued_at=dt.datetime(2025, 9, 30, 10, 15))
    with pytest.raises(TypeError):
        receipt(amount=12345.6)


def test_markup_in_names_is_printed_literally(font):
    text = text_of(render_receipt(receipt(enterprise_name="A&B <贸易> 有限公司"), "a4"))
    assert "A&B <贸易> 有限公司" in text
