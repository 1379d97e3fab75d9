"""Accounts, roles, the audit trail and the trash, on a real knowledge base (real SQLite, FAISS, model,
argon2id): users and passwords, sign-in slowed then locked, API tokens kept hashed, every write
checked against the role and recorded in a hash chain that `kb check` verifies, a trash that
gives documents back whole."""

from __future__ import annotations

import sqlite3

import pytest

from conftest import SEED, kb_with
from kb.accounts import LOCK_AFTER, LOCK_MINUTES, SLOW_AFTER

PASSWORD = "mat-khau-dai-1"


@pytest.fixture
def kb(tmp_path, embedder):
    from kb import KnowledgeBase

    home = kb_with(tmp_path, embedder)
    opened = KnowledgeBase(home, embedder=embedder)
    yield opened
    opened.close()


def test_users_have_roles_and_argon2id_passwords(kb):
    from kb.errors import KbError

    user = kb.accounts.add("  Chi.Nguyen@ThuVien ", "editor", PASSWORD, ("ha-giang", "ha-giang", ""))
    assert (user.name, user.role, user.groups) == ("chi.nguyen@thuvien", "editor", ("ha-giang",))
    stored = kb.store.password_hash(user.name)
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert PASSWORD.encode() not in (kb.home / "catalog.sqlite").read_bytes()
    for bad, key in (
        (lambda: kb.accounts.add("chi.nguyen@thuvien", "viewer", PASSWORD), "account.exists"),
        (lambda: kb.accounts.add("x", "owner", PASSWORD), "account.bad_role"),
        (lambda: kb.accounts.add("x", "viewer", "ngan"), "account.short_password"),
        (lambda: kb.accounts.add("a b", "viewer", PASSWORD), "account.bad_name"),
    ):
        with pytest.raises(KbError) as e:
            bad()
        assert e.value.message.key == key
    admin = kb.accounts.add("quan-tri", "admin", PASSWORD)
    with pytest.raises(KbError, match="last admin"):
        kb.accounts.remove(admin.name)
    with pytest.raises(KbError, match="last admin"):
        kb.accounts.change(admin.name, role="viewer")
    changed = kb.accounts.change(user.name, role="viewer", groups=("lang-son",))
    assert (changed.role, changed.groups) == ("viewer", ("lang-son",))
    assert [u.name for u in kb.accounts.users()] == ["chi.nguyen@thuvien", "quan-tri"]


def test_failed_sign_ins_are_slowed_then_locked_for_known_and_unknown_names(kb):
    from kb.errors import KbError

    kb.accounts.add("viewer1", "viewer", PASSWORD)
    t = 1_000_000.0

    def attempt(name, password, at):
        try:
            return kb.accounts.sign_in(name, password, now=at).name
        except KbError as e:
            return e.message.key

    for name in ("viewer1", "khong-co-ai"):  # the same for a name that does not exist: nothing told
        got = [attempt(name, "sai mat khau", t + i) for i in range(SLOW_AFTER)]
        assert got == ["account.wrong"] * (SLOW_AFTER - 1) + ["account.wrong_wait"]
        assert attempt(name, PASSWORD, t + SLOW_AFTER - 1 + 0.2) == "account.wait", "a try too soon is not taken"
        at = t + SLOW_AFTER
        for _ in range(LOCK_AFTER - SLOW_AFTER):
            at += 61  # past every wait
            last = attempt(name, "sai mat khau", at)
        assert last == "account.locked"
        assert attempt(name, PASSWORD, at + 60) == "account.locked", "even the right password waits"
    assert attempt("viewer1", PASSWORD, at + LOCK_MINUTES * 60 + 1) == "viewer1", "the lock ends"
    assert kb.store.attempts("viewer1").failures == 0, "a good sign-in forgets the failures"
    actions = [e.action for e in kb.audit() if e.actor == "viewer1"]
    assert actions.count("sign_in_failed") == LOCK_AFTER and actions.count("locked") == 1
    assert actions[-1] == "sign_in"
    with pytest.raises(KbError, match="Locked for 15 minutes"):
        kb.accounts.sign_in("khong-co-ai", "x", now=at + 1)


def test_api_tokens_are_shown_once_kept_hashed_and_revocable(kb):
    from kb.access import Principal
    from kb.errors import Forbidden

    viewer = kb.accounts.add("viewer1", "viewer", PASSWORD)
    kb.accounts.add("viewer2", "viewer", PASSWORD)
    own = kb.as_user(Principal.of(viewer)).accounts
    token, secret = own.create_token(label="cổng thông tin")
    assert secret.startswith("kb_") and len(secret) > 40 and token.prefix == secret[:10]
    assert secret.encode() not in (kb.home / "catalog.sqlite").read_bytes()
    assert kb.store.token_by_digest(secret) is None, "the store knows the hash only"
    assert own.principal_of_token(secret) == Principal.of(viewer)
    assert own.principal_of_token(secret + "x") is None
    with pytest.raises(Forbidden, match="manage users and API tokens"):
        own.create_token("viewer2")
    assert [t.user for t in own.tokens()] == ["viewer1"]
    other, _ = kb.accounts.create_token("viewer2")  # the operator (or an admin) makes anyone's
    with pytest.raises(Exception, match="no API token number"):
        own.revoke_token(other.id)
    assert own.revoke_token(token.id).revoked
    assert own.principal_of_token(secret) is None
    actions = [(e.action, e.details.get("user")) for e in kb.audit() if e.action.startswith("token")]
    assert actions == [("token_create", "viewer1"), ("token_create", "viewer2"), ("token_revoke", "viewer1")]


def test_roles_decide_every_write_and_each_write_is_audited_with_its_values(kb, tmp_path):
    from kb.access import ANONYMOUS, Principal
    from kb.errors import Forbidden
    from kb.records import Access

    viewer = kb.as_user(Principal("viewer1", "viewer"))
    editor = kb.as_user(Principal("editor1", "editor"))
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "ghi-chu.md").write_text("Ghi chú cuộc họp Ban Thường vụ về giao lưu văn nghệ.\n", encoding="utf-8")
    for who in (ANONYMOUS, Principal("viewer1", "viewer")):
        with pytest.raises(Forbidden):
            kb.as_user(who).ingest([extra])
    with pytest.raises(Forbidden, match="viewer1 \\(viewer\\) may not correct"):
        viewer.correct(SEED.name, kind="report")
    with pytest.raises(Forbidden, match="may not re-index"):
        editor.reindex()
    with pytest.raises(Forbidden, match="read the audit trail"):
        editor.audit()
    editor.ingest([extra], access=Access("internal"))
    editor.correct(SEED.name, kind="report", date="2018-05-10")
    editor.set_access("ghi-chu.md", Access("restricted", ("ban-thuong-vu",)))
    entries = kb.audit()
    assert [e.action for e in entries][-3:] == ["ingest", "correct", "access"]
    ingest, correct, access = entries[-3:]
    assert ingest.actor == "editor1" and ingest.document.startswith("ghi-chu.md [")
    assert ingest.details["access"] == {"level": "internal", "groups": []}
    assert correct.details["before"]["kind"] == "news" and set(correct.details["before"]) == {"kind", "date"}
    assert correct.details["after"] == {"kind": "report", "date": "2018-05-10"}
    assert access.details["before"]["level"] == "internal" and access.details["after"]["groups"] == ["ban-thuong-vu"]


def test_the_audit_trail_is_append_only_and_kb_check_finds_a_changed_entry(kb):
    kb.accounts.add("viewer1", "viewer", PASSWORD)
    kb.correct(SEED.name, kind="report")
    assert kb.check().passed
    db = sqlite3.connect(kb.home / "catalog.sqlite")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE audit SET actor='someone else' WHERE id=2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM audit WHERE id=1")
    db.execute("DROP TRIGGER audit_no_update")  # someone with the file in hand
    db.execute("""UPDATE audit SET details='{"before":{"kind":"news"},"after":{"kind":"plan"}}' WHERE id=3""")
    db.commit()
    db.close()
    report = kb.check()
    assert not report.passed
    assert [m.key for m in report.problems] == ["audit.broken.hash"]
    assert "entry 3 was changed after it was written" in report.problems[0].text("en")


def test_the_trash_keeps_a_document_whole_until_it_is_restored_or_purged(kb, monkeypatch):
    from kb.access import Principal
    from kb.errors import Forbidden
    from kb.records import Access

    query = "bầu Chủ tịch Liên hiệp"
    before = [(h.chunk.text, round(h.score, 5)) for h in kb.search(query, k=3)]
    kb.correct(SEED.name, kind="report")
    kb.set_access(SEED.name, Access("internal"))
    editor = kb.as_user(Principal("editor1", "editor"))
    [doc] = editor.remove(SEED.name)
    original = kb.home / doc.stored
    assert kb.search(query, k=3) == [] and kb.documents() == [] and kb.stats()["index_size"] == 0
    assert original.is_file(), "the trash keeps the original"
    [item] = editor.trashed()
    assert (item.doc.name, item.by, item.doc.meta.kind, item.doc.access.level) == (
        SEED.name,
        "editor1",
        "report",
        "internal",
    )
    assert kb.check().passed, "trashed originals are no litter"
    restored = editor.restore(SEED.name)
    assert restored.meta.kind == "report" and restored.access.level == "internal" and restored.chunks == doc.chunks
    assert [(h.chunk.text, round(h.score, 5)) for h in kb.search(query, k=3)] == before
    assert kb.check().passed and editor.trashed() == []
    editor.remove(SEED.name)
    with pytest.raises(Forbidden, match="empty the trash"):
        editor.purge()
    [gone] = kb.as_user(Principal("admin1", "admin")).purge()
    assert gone.doc.name == SEED.name and not original.exists()
    assert kb.trashed() == [] and kb.check().passed
    actions = [(e.action, e.actor) for e in kb.audit()][-4:]
    assert actions == [("trash", "editor1"), ("restore", "editor1"), ("trash", "editor1"), ("purge", "admin1")]


def test_the_trash_empties_itself_after_the_days_it_keeps(kb, monkeypatch, tmp_path):
    kb.remove(SEED.name)
    monkeypatch.setenv("KB_TRASH_DAYS", "0")
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "a.txt").write_text("Biên bản họp chi bộ thư viện tháng Năm.\n", encoding="utf-8")
    kb.ingest([tmp_path / "new"])  # any write looks at the trash first
    assert kb.trashed() == []
    purge = [e for e in kb.audit() if e.action == "purge"]
    assert purge and purge[-1].actor == "system" and purge[-1].details["why"] == "kept 0 days"


def test_reindex_keeps_accounts_access_the_audit_trail_and_the_trash(kb, tmp_path):
    from kb.records import Access

    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "b.txt").write_text("Thông báo lịch nghỉ Tết của thư viện tỉnh.\n", encoding="utf-8")
    kb.ingest([tmp_path / "more"], access=Access("restricted", ("van-phong",)))
    kb.accounts.add("viewer1", "viewer", PASSWORD)
    kb.remove(SEED.name)
    entries = len(kb.audit())
    kb.reindex()
    assert kb.accounts.sign_in("viewer1", PASSWORD).name == "viewer1"
    assert [d.access for d in kb.documents()] == [Access("restricted", ("van-phong",))]
    assert [t.doc.name for t in kb.trashed()] == [SEED.name]
    assert [e.action for e in kb.audit()[entries:]] == ["reindex", "sign_in"]
    assert kb.check().passed
