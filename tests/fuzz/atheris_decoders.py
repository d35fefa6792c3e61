"""Coverage-guided fuzzing (atheris / libFuzzer) of the two pure decoders of outside input:
the VietQR payload decoder and the GS1 Digital Link parser. Not part of the unit suite: run
``make fuzz`` (FUZZ_SECONDS each, default 20) or

    .venv/bin/python tests/fuzz/atheris_decoders.py vietqr|gs1 [seconds]

Each input must give a value or the decoder's own error; a value must survive a round trip
(encode/build, then decode/parse, gives it back). Anything else is a crash, which libFuzzer
reports with the input that caused it (saved as ``crash-…`` in the current directory).
The seed corpus is the public test vectors in tests/data/.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
sys.path.insert(0, str(ROOT))

with atheris.instrument_imports():
    from payments import vietqr
    from traceability import gs1


def _text(data: bytes) -> tuple[int, str]:
    provider = atheris.FuzzedDataProvider(data)
    mode = provider.ConsumeIntInRange(0, 3)
    return mode, provider.ConsumeUnicodeNoSurrogates(len(data))


def vietqr_one_input(data: bytes) -> None:
    mode, text = _text(data)
    if mode == 0 and not text.startswith("000201"):
        # Framed: the format indicator in front and a right CRC behind, so the input gets past
        # the checksum to the data-object parser and the field rules.
        body = "000201" + text + "6304"
        text = body + vietqr.crc16(body)
    try:
        qr = vietqr.decode(text)
    except vietqr.VietQRError:
        return
    if vietqr.decode(vietqr.encode(qr)) != qr:
        raise AssertionError(f"VietQR round trip changed {qr!r}")


def gs1_one_input(data: bytes) -> None:
    mode, text = _text(data)
    if mode == 0:
        text = "https://choso.vn/01/" + text
    try:
        link = gs1.parse_digital_link(text)
    except gs1.DigitalLinkError:
        return
    rebuilt = gs1.build_digital_link(
        base="https://choso.vn",
        gtin=link.gtin,
        cpv=link.cpv,
        lot=link.lot,
        serial=link.serial,
        attributes=link.attributes,
    )
    if gs1.parse_digital_link(rebuilt) != link:
        raise AssertionError(f"GS1 round trip changed {link!r}")


def seeds(target: str) -> list[str]:
    if target == "vietqr":
        vectors = json.loads((DATA / "vietqr-vectors.json").read_text(encoding="utf-8"))
        return [case["payload"] for group in ("valid", "invalid") for case in vectors[group]]
    cases = json.loads((DATA / "gs1-digital-link-cases.json").read_text(encoding="utf-8"))
    return [case["uri"] for group in ("valid", "invalid") for case in cases[group]]


def main() -> None:
    target = sys.argv[1] if len(sys.argv) > 1 else ""
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    one_input = {"vietqr": vietqr_one_input, "gs1": gs1_one_input}.get(target)
    if one_input is None:
        sys.exit("usage: atheris_decoders.py vietqr|gs1 [seconds]")
    corpus = Path(tempfile.mkdtemp(prefix=f"fuzz-{target}-"))
    for number, seed in enumerate(seeds(target)):
        # FuzzedDataProvider reads the mode byte first; 1 = the text as it is.
        (corpus / f"seed-{number}").write_bytes(b"\x01" + seed.encode("utf-8"))
    atheris.Setup(
        [sys.argv[0], f"-max_total_time={seconds}", "-rss_limit_mb=1024", str(corpus)],
        one_input,
    )
    atheris.Fuzz()


if __name__ == "__main__":
    main()
