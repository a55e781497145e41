"""The OCR WER bench's geometric reading order: the independent truth the OCR layout is judged by."""

from bench.reading_order import PlacedWord, as_text, lines_of, reading_order

WIDTH = 600.0


def _line(y: float, *spans: tuple[str, float]) -> list[PlacedWord]:
    """Words at baseline ``y``, each (text, x0), 30 units wide."""
    return [PlacedWord(text, x0, x0 + 30, y, 15) for text, x0 in spans]


def test_a_two_column_band_is_read_left_column_whole_then_right():
    header = (
        _line(70, ("UBND", 90), ("TỈNH", 125), ("CỘNG", 330), ("HÒA", 365))
        + _line(85, ("SỞ", 100), ("Độc", 340), ("lập", 375))
        + _line(110, ("Số:", 95))
        + _line(112, ("Lâm", 320), ("Đồng", 355))  # a baseline a little off: the same line as "Số:"
        + _line(127, ("V/v", 95))  # one side only: still in the band, in its column
    )
    body = _line(150, *[(f"w{i}", 85 + 35 * i) for i in range(13)])  # crosses the gap: the band ends
    lines = reading_order(list(reversed(header + body)), WIDTH)
    assert as_text(lines).split("\n") == [
        "UBND TỈNH",
        "SỞ",
        "Số:",
        "V/v",
        "CỘNG HÒA",
        "Độc lập",
        "Lâm Đồng",
        " ".join(f"w{i}" for i in range(13)),
    ]


def test_one_column_lines_are_read_top_to_bottom_left_to_right():
    words = _line(300, ("c", 200), ("d", 240)) + _line(100, ("b", 140), ("a", 100)) + _line(200, ("x", 100))
    assert [[w.text for w in line] for line in lines_of(words)] == [["a", "b"], ["x"], ["c", "d"]]
    assert as_text(reading_order(words, WIDTH)) == "a b\nx\nc d"


def test_a_narrow_gap_or_a_side_with_one_line_is_no_column():
    # 10 units apart (under 3% of the width): one column, read row by row
    narrow = _line(100, ("a", 100), ("b", 140)) + _line(115, ("c", 100), ("d", 140))
    assert as_text(reading_order(narrow, WIDTH)) == "a b\nc d"
    # a blank left for a date: the word after it is on one line only, it stays in its row
    blank = (
        _line(100, ("kèm", 100), ("ngày", 200), ("/4/2026", 300))
        + _line(115, ("của", 100), ("Văn", 135))
        + _line(130, ("Biểu", 100))
    )
    assert as_text(reading_order(blank, WIDTH)) == "kèm ngày /4/2026\ncủa Văn\nBiểu"


def test_a_line_under_the_band_on_one_side_continues_that_column_though_it_narrows_the_gap():
    header = (
        _line(70, ("UBND", 90), ("TỈNH", 125), ("CỘNG", 330), ("HÒA", 365))
        + _line(85, ("Số:", 95), ("Lâm", 340), ("Đồng", 375))
        # the summary runs to 315, 15 short of the right column (under 3% of the width: no band's gap)
        + _line(
            100,
            *[
                (w, 60 + 32 * k)
                for k, w in enumerate(["V/v", "triển", "khai", "nhân", "rộng", "các", "mô", "hình,"])
            ],
        )
        + _line(115, ("sáng", 70), ("kiến", 105))
    )
    after_a_blank = _line(160, ("Kính", 180), ("gửi:", 215))
    assert as_text(reading_order(header + after_a_blank, WIDTH)).split("\n") == [
        "UBND TỈNH",
        "Số:",
        "V/v triển khai nhân rộng các mô hình,",
        "sáng kiến",
        "CỘNG HÒA",
        "Lâm Đồng",
        "Kính gửi:",
    ]
    # the same summary reaching into the right column's x: no column of the band, read after it
    crossing = header[:4] + _line(100, *[(f"w{k}", 60 + 32 * k) for k in range(10)])
    assert as_text(reading_order(crossing, WIDTH)).split("\n")[-1] == " ".join(f"w{k}" for k in range(10))
    # a line under the right column, reaching back almost to the left column's edge, continues the right
    right = header[:7] + _line(100, *[(f"r{k}", 160 + 32 * k) for k in range(8)])
    assert as_text(reading_order(right, WIDTH)).split("\n") == [
        "UBND TỈNH",
        "Số:",
        "CỘNG HÒA",
        "Lâm Đồng",
        " ".join(f"r{k}" for k in range(8)),
    ]
