"""An import killed half-way (the process gone, as by a power cut or `kill -9`) leaves
nothing behind, and running it again does the whole job."""

import signal
import subprocess

from ..installation import COMMAND

PASSWORD = "kilo-Ñandú-42"
CARDS = 6000  # three batches of 2,000, about 1.7 MB: the command shows its progress

COUNT = "from vinculo.people.models import Contact; print(Contact.objects.count())"


def _cards(count: int) -> str:
    return "".join(
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        f"FN:Persona Núñez {n:05d}\r\nN:Núñez;Persona {n:05d};;;\r\n"
        f"EMAIL:persona{n}@ejemplo.es\r\nTEL:+34 600 {n:06d}\r\n"
        f"NOTE:Nos conocimos en la feria de Sevilla; le interesa la asesoría fiscal para "
        f"cooperativas y quiere conocer a alguien de diseño. Ficha {n}.\r\n"
        "END:VCARD\r\n"
        for n in range(count)
    )


def test_an_import_killed_half_way_writes_nothing_and_the_next_run_finishes(
    installations, tmp_path
):
    place = installations("importer")
    assert place.run("user", "create", "ana", "--password-stdin", stdin=PASSWORD + "\n")[0] == 0
    cards = tmp_path / "agenda.vcf"
    cards.write_text(_cards(CARDS), encoding="utf-8")

    importer = subprocess.Popen(
        [str(COMMAND), "import", str(cards), "--user", "ana"],
        env=place.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    progress = b""
    try:
        # Wait until the first batch of 2,000 is written (inside the import's transaction).
        while b" 2000/" not in progress and importer.poll() is None:
            progress += importer.stderr.read1(256)
        importer.send_signal(signal.SIGKILL)
    finally:
        importer.wait()
        importer.stderr.close()
    after_kill = place.run("manage", "shell", "--no-imports", "-c", COUNT)
    again = place.run("import", str(cards), "--user", "ana")
    after_again = place.run("manage", "shell", "--no-imports", "-c", COUNT)

    assert importer.returncode == -signal.SIGKILL
    assert b"Reading contacts [" in progress
    assert after_kill[:2] == (0, "0\n")
    assert again[0] == 0, again[2]
    assert again[1].startswith(f"Contacts: {CARDS} created, 0 updated, 0 skipped.\n")
    assert after_again[:2] == (0, f"{CARDS}\n")
