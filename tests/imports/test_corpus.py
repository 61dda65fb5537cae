"""Every file of the shared corpus of real exports (../shared/corpus/contacts/SOURCES.md)
imports with the number of contacts its source says, and the names, e-mails and phones
written in it (read from the files by eye, not from the reader's output)."""

import pytest

from vinculo.people.models import Contact
from vinculo.portability.importers.services import DEFAULT_STRENGTH, file_import

from .conftest import CORPUS, phone

N11 = " ".join(["Ñ"] * 11)

# file -> {name: (emails, phones as written in the file)} for every contact of the file.
CORPUS_CONTACTS = {
    "vcard/android-21-qp-utf8-multi.vcf": {
        "john.doe@company.com": (["john.doe@company.com"], []),
        "jane.doe@company.com": (["jane.doe@company.com"], []),
        "Ñ Ñ Ñ Ñ Ñ": ([], ["123456789"]),
        N11: ([], ["123456", "234567", "3456789", "45678901"]),
        "Ñ Ñ Ñ Ñ": (["bob@company.com"], ["123456"]),
        "ÑÑÑÑ": (["henry@company.com"], ["55556666"]),
    },
    "vcard/android-21-x-android-custom-photo.vcf": {"Roid Ando": ([], [])},
    "vcard/becky-noversion-twocards.vcf": {
        "The first man": (
            ["first@host.invalid"],
            ["11-1111-1111", "22-2222-2222", "333-3333-3333"],
        ),
        "The second man": (
            ["second@host.invalid"],
            ["44-4444-4444", "55-5555-5555", "666-6666-6666"],
        ),
    },
    "vcard/blackberry-21-photo.vcf": {"John Doe": ([], ["+96123456789"])},
    "vcard/emclient5-30.vcf": {
        "Prefix Vor Nach Suffix": (
            ["privat@email.de", "business@email.de"],
            ["+49 PRIVAT", "+49 MOBIL", "+49 MOBIL2", "+49 FAX", "+49 PRIVATFAX", "+49 BUSINESS"],
        )
    },
    "vcard/evolution-30-couchdb.vcf": {
        "Mr. John Richter, James Doe Sr.": (["john.doe@ibm.com"], ["905-666-1234", "905-555-1234"])
    },
    "vcard/fullcontact-40.vcf": {
        "Prefix FirstName MiddleName LastName Suffix": (
            [
                "home@example.com",
                "work@example.com",
                "school@example.com",
                "other@example.com",
                "custom@example.com",
            ],
            [f"555-555-111{n}" for n in range(1, 10)],
        )
    },
    "vcard/gmail-30-ablabel.vcf": {
        "Mr. John Richter, James Doe Sr.": (["john.doe@ibm.com"], ["905-555-1234", "905-666-1234"])
    },
    "vcard/gmail-30-allfields.vcf": {
        "VCard Test": (
            [
                "email@example.com",
                "homeemail@example.com",
                "workemail@example.com",
                "otheremail@example.com",
                "customcategory@example.com",
            ],
            [f"55555511{n}" for n in range(11, 22)],
        )
    },
    "vcard/gmail-30-list3.vcf": {
        "Arnold Smith": (["asmithk@gmail.com"], []),
        "Chris Beatle": (["chrisy55d@yahoo.com"], []),
        "Doug White": (["dwhite@gmail.com"], []),
    },
    "vcard/ios5-30-itemgroups-photo.vcf": {
        "Mr. John Richter James Doe Sr.": (
            ["john.doe@ibm.com"],
            [
                "905-555-1234",
                "905-666-1234",
                "905-777-1234",
                "905-888-1234",
                "905-999-1234",
                "905-111-1234",
                "905-222-1234",
            ],
        )
    },
    "vcard/ios613-30-photo-folded.vcf": {"Bob Smith": (["bob@smithauto.com"], ["(650) 555-1212"])},
    "vcard/issue114-40-label-caret.vcf": {
        "Dummy, Dummy": (["dummy.dummy@dummy.com"], ["+49 1234 56789", "+49 9876 54321"])
    },
    "vcard/jp-phone-21-shiftjis-qp-softbreak.vcf": {"安藤 ロイド 1": ([], [])},
    "vcard/lotusnotes-cardme-30-oddprops.vcf": {
        "Mr. Doe John I Johny": (
            ["john.doe@ibm.com", "billy_bob@gmail.com"],
            ["+1 (212) 204-34456", "00-1-212-555-7777"],
        )
    },
    "vcard/macos-addressbook-30-photo-indent-fold.vcf": {"Apple Computer AG": ([], [])},
    "vcard/macos-addressbook-30-photo-mixed-eol.vcf": {
        "Mr. John Richter,James Doe Sr.": (
            ["john.doe@ibm.com"],
            [
                "905-777-1234",
                "905-666-1234",
                "905-555-1234",
                "905-888-1234",
                "905-999-1234",
                "905-111-1234",
                "905-222-1234",
            ],
        )
    },
    "vcard/macos1014-roundcube-30-two.vcf": {
        "Some.One@telekom.de": (["some.one@mytine.de"], []),
        "der": (["der.der@mytine.de"], []),
    },
    "vcard/nec-jp-featurephone-21-shiftjis-multi.vcf": {
        "安藤ロイド3": ([], ["9", "10", "11", "12"]),
        "安藤ロイド4": ([], ["13", "14", "15", "16"]),
        "安藤ロイド5": ([], ["17", "18", "19", "20"]),
    },
    "vcard/outlook-21-photo.vcf": {
        "Mr. John Richter James Doe Sr.": (
            ["john.doe@ibm.cm"],
            ["(905) 555-1234", "(905) 666-1234"],
        )
    },
    "vcard/outlook2003-21-qp-note.vcf": {
        "John Doe III": (
            ["jdoe@hotmail.com"],
            ["BusinessPhone", "HomePhone", "MobilePhone", "BusinessFaxPhone"],
        )
    },
    "vcard/outlook2007-21-qp-xms.vcf": {
        "Mr. Michael Angstadt Jr.": (
            ["mike.angstadt@gmail.com"],
            ["(111) 555-1111", "(111) 555-2222", "(111) 555-4444", "(111) 555-3333"],
        )
    },
    "vcard/thebat-21-qp-latin2-nocharset.vcf": {
        "Piotr Iksiński": (["piotr.iksinski@somedomain.com"], [])
    },
    "vcard/thunderbird-mfab-30-photo-mixed-eol.vcf": {
        "John Doe": (
            [
                "doe.john@hotmail.com",
                "additional-email@company.com",
                "additional-email1@company.com",
                "additional-email2@company.com",
                "additional-email3@company.com",
            ],
            ["555-555-1111", "555-555-2222", "555-555-5555", "555-555-3333", "555-555-4444"],
        )
    },
    "vcard/unknown-21-raw-utf8-umlaut.vcf": {"Hans Müller - Mein Schiff": (["hans@schiff.de"], [])},
    "vcard/utf16be-nobom-30.vcf": {"Ǽgean ĽdaMonté": ([], [])},
    "vcard/webdavcollaborator-outlook-30-agent.vcf": {
        "Nachname; salutation Vorname Middle name suffix": (
            ["mail@example.com", "mail2@example.com", "mail3@example.com"],
            [
                "+49 (040) 12345 - 0",
                "+49 (040) 12345 - 1",
                "+49 (040) 12345 - 3",
                "+49 (040) 12345 - 2",
            ],
        )
    },
    "vcard/winmobile65-21-odd-props.vcf": {"Example": ([], [])},
    "csv/google-old-header-multiline.csv": {
        "Prefix Firstname Middle Lastname Suffix": (
            ["home@aaa.pl", "work@email.pl", "unknown@email.com", "other@email.com"],
            ["pager", "mainphone", "homephone", "homefax", "mobile", "workphone", "workfax"],
        )
    },
    "csv/google-subset-columns-de.csv": {"Max Mustermann": (["max@muster.de"], ["04012345"])},
    "csv/macos-addressbook-german-tsv.csv": {"Max Mustermann": (["max@muster.de"], ["04012345"])},
    "csv/outlook-email-columns-only.csv": {
        "test1@domain.tld": (["test1@domain.tld", "test2@domain.tld", "test3@domain.tld"], [])
    },
    "csv/outlook2007-german-replacementchar-header.csv": {
        "The Firm": ([], ["+4983242332"]),
        "Vorname Nachname": (
            ["email@example.org"],
            ["+4923782112", "tel_work", "tel_car", "tel_home", "tel_cell", "tel_cell_private"],
        ),
    },
    "csv/thunderbird-export.csv": {
        "Displayname": (
            ["test@domain.tld", "next@domain.tld"],
            ["phone work", "phone home", "fax", "pager", "mobile"],
        )
    },
}
# The counts SOURCES.md gives for each file.
COUNTS = {
    "vcard/android-21-qp-utf8-multi.vcf": 6,
    "vcard/becky-noversion-twocards.vcf": 2,
    "vcard/gmail-30-list3.vcf": 3,
    "vcard/macos1014-roundcube-30-two.vcf": 2,
    "vcard/nec-jp-featurephone-21-shiftjis-multi.vcf": 3,
    "vcard/webdavcollaborator-outlook-30-agent.vcf": 1,
    "csv/outlook2007-german-replacementchar-header.csv": 2,
}


def test_every_corpus_file_is_listed():
    found = {
        str(path.relative_to(CORPUS))
        for path in CORPUS.rglob("*")
        if path.is_file() and path.name != "SOURCES.md"
    }
    assert found == set(CORPUS_CONTACTS)
    assert sum(len(v) for k, v in CORPUS_CONTACTS.items() if k.startswith("vcard/")) == 39
    assert sum(len(v) for k, v in CORPUS_CONTACTS.items() if k.startswith("csv/")) == 7


@pytest.mark.parametrize("name", sorted(CORPUS_CONTACTS))
def test_corpus_file_imports(user, name):
    expected = CORPUS_CONTACTS[name]
    path = CORPUS / name

    result = file_import(user=user, data=path.read_bytes(), source_name=path.name)

    assert result.report.rejected is False
    assert (result.report.created, result.report.updated, result.report.skipped) == (
        len(expected),
        0,
        0,
    )
    assert len(expected) == COUNTS.get(name, 1)
    stored = {
        c.name: (c.emails, c.phones, c.strength)
        for c in Contact.objects.for_user(user).order_by("id")
    }
    assert stored == {
        contact_name: (emails, [phone(p) for p in phones], DEFAULT_STRENGTH)
        for contact_name, (emails, phones) in expected.items()
    }


@pytest.mark.parametrize(
    "name",
    [
        "vcard/becky-noversion-twocards.vcf",  # matched by UID
        "vcard/nec-jp-featurephone-21-shiftjis-multi.vcf",  # no UID: by name, e-mail, phone
        "csv/outlook2007-german-replacementchar-header.csv",
    ],
)
def test_corpus_file_imported_twice_updates(user, name):
    data = (CORPUS / name).read_bytes()
    file_import(user=user, data=data, source_name=name)

    again = file_import(user=user, data=data, source_name=name)

    expected = len(CORPUS_CONTACTS[name])
    assert (again.report.created, again.report.updated) == (0, expected)
    assert Contact.objects.for_user(user).count() == expected
