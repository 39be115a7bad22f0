"""The document file: create, open, copy, refuse what must be refused, and edit in committed steps."""

import sqlite3
import subprocess
import sys
import textwrap
from decimal import Decimal

import pytest

from conftest import old_schema_file
from perfdesk.domain.model import Indicator, Project
from perfdesk.example import example_document
from perfdesk.storage import (
    DocumentDamagedError,
    DocumentError,
    DocumentFile,
    DocumentInUseError,
    NewerVersionError,
    NotADocumentError,
)
from perfdesk.storage import migrate
from perfdesk.storage import repository as repo
from perfdesk.storage import schema


@pytest.fixture
def seed_file(tmp_path, seed_doc):
    path = tmp_path / "seed.perfdesk"
    DocumentFile.create(path, seed_doc).close()
    return path


def test_create_and_reopen_gives_the_same_document(tmp_path, seed_doc):
    path = tmp_path / "文档 (1).perfdesk"
    with DocumentFile.create(path, seed_doc) as doc:
        assert doc.read() == seed_doc
    with DocumentFile.open(path) as doc:
        back = doc.read()
    assert back == seed_doc
    assert str(back.departments[0].projects[0].budget) == "30.00"  # trailing zeros kept
    assert str(back.departments[0].projects[0].other) == "0"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".~lock")) == ["文档 (1).perfdesk"]


def test_create_refuses_to_overwrite(tmp_path):
    path = tmp_path / "a.perfdesk"
    path.write_bytes(b"keep me")
    with pytest.raises(DocumentError, match="已存在"):
        DocumentFile.create(path)
    assert path.read_bytes() == b"keep me"


def test_amounts_are_stored_as_exact_text(seed_file):
    con = sqlite3.connect(seed_file)
    assert con.execute("SELECT budget, typeof(budget) FROM project ORDER BY department_id, position").fetchone() == \
        ("30.00", "text")


def test_pragmas_foreign_keys_and_durability(seed_file):
    with DocumentFile.open(seed_file) as doc:
        with doc.reading() as conn:  # reads: the DB-API connection
            assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
            assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        with doc.transaction() as conn:  # writes: SQLAlchemy over the same connection
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2


def test_second_writer_in_another_process_is_told_the_file_is_in_use(seed_file):
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from perfdesk.storage import DocumentFile
        doc = DocumentFile.open({str(seed_file)!r})
        print("open", flush=True)
        sys.stdin.read()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(DocumentInUseError, match="正被另一个"):
            DocumentFile.open(seed_file)
        with DocumentFile.open(seed_file, readonly=True) as reader:  # reading is still allowed
            assert reader.read().indicator_count() == 81
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    DocumentFile.open(seed_file).close()  # free again once the other program has closed it


def test_second_writer_in_the_same_process_is_refused(seed_file):
    with DocumentFile.open(seed_file):
        with pytest.raises(DocumentInUseError):
            DocumentFile.open(seed_file)


def test_readonly_document_refuses_changes(seed_file):
    with DocumentFile.open(seed_file, readonly=True) as doc:
        with pytest.raises(DocumentError, match="只读"):
            with doc.transaction():
                pass


def test_not_a_document(tmp_path):
    text = tmp_path / "notes.perfdesk"
    text.write_text("这不是数据库", encoding="utf-8")
    with pytest.raises(NotADocumentError, match="不是 perfdesk 文档"):
        DocumentFile.open(text)
    other = tmp_path / "other.perfdesk"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(NotADocumentError, match="不是 perfdesk 文档"):
        DocumentFile.open(other)


def test_damaged_file_is_refused_and_left_alone(tmp_path, seed_doc):
    path = tmp_path / "damaged.perfdesk"
    DocumentFile.create(path, seed_doc).close()
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data), page):  # scribble over every b-tree page header after the first two
        data[offset:offset + 8] = b"\xde\xad\xbe\xef" * 2
    path.write_bytes(bytes(data))
    with pytest.raises((DocumentDamagedError, NotADocumentError), match="损坏"):
        DocumentFile.open(path)
    assert path.read_bytes() == bytes(data)


def test_newer_file_is_refused_untouched(seed_file):
    con = sqlite3.connect(seed_file)
    con.execute("UPDATE alembic_version SET version_num = '0099'")
    con.commit()
    con.close()
    before = seed_file.read_bytes()
    with pytest.raises(NewerVersionError, match="更新版本.*0099.*请升级"):
        DocumentFile.open(seed_file)
    assert seed_file.read_bytes() == before


def test_migration_from_schema_0001_keeps_data_and_makes_a_backup(tmp_path):
    path = old_schema_file(tmp_path)
    with DocumentFile.open(path) as doc:
        document = doc.read()
        assert doc.backup_path is not None and doc.backup_path.exists()
    d = document.departments[0]
    assert (d.name, d.year, d.preparer, d.phone) == ("旧版示例县农业农村局本级", 2024, "", "")
    assert d.projects[0].budget == Decimal("1000.00") and len(d.projects[0].indicators) == 2
    con = sqlite3.connect(path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == migrate.head_revision()
    backup = sqlite3.connect(next(tmp_path.glob("old.升级前备份-0001-*.perfdesk")))
    assert backup.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert backup.execute("SELECT count(*) FROM indicator").fetchone()[0] == 2


def test_migration_from_schema_0002_records_the_hebei_form_and_keeps_everything(tmp_path):
    """Files from before forms were recorded were Hebei published tables checked by Hebei's rules."""
    path = old_schema_file(tmp_path, "0002")
    con = sqlite3.connect(path)
    old_indicators = con.execute("SELECT level1, level2, name, description, value, basis FROM indicator "
                                 "ORDER BY project_id, position").fetchall()
    old_goals = [r[0] for r in con.execute("SELECT text FROM project_goal ORDER BY position")]
    con.close()
    with DocumentFile.open(path) as doc:
        document = doc.read()
    assert (document.form, document.rule_set) == ("hebei", "hebei")
    project = document.departments[0].projects[0]
    assert [(i.level1, i.level2, i.name, i.description, i.value, i.basis) for i in project.indicators] == old_indicators
    assert {i.phase for i in project.indicators} == {"year"}
    assert project.goals == old_goals and project.mid_goals == []
    assert (project.mid_total, project.executor, document.departments[0].supervisor_name) == (None, "", "")
    assert sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchone()[0] == migrate.head_revision()


def test_migration_from_schema_0003_keeps_the_year_end_values_and_adds_the_closing_rows(tmp_path):
    path = old_schema_file(tmp_path, "0003")
    with DocumentFile.open(path) as doc:
        project = doc.read().departments[0].projects[0]
        assert (project.adjusted_budget, project.executed) == (Decimal("80.00"), Decimal("72.00"))
        assert project.goals_actual == "完成养护任务的八成。"
        assert [i.actual for i in project.indicators] == ["80人", "60万元", "明显改善", "95%", ""]
        assert project.indicators[2].score == Decimal("24") and project.indicators[1].deviation == "材料涨价"
        assert (project.shortfall, project.improvement) == ("", "")
        with doc.transaction() as conn:  # the new columns take values
            project.shortfall = "材料涨价"
            repo.update_project(conn, project)
        assert doc.read().departments[0].projects[0].shortfall == "材料涨价"
    assert sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchone()[0] == migrate.head_revision()


def test_migration_from_schema_0004_keeps_the_monitoring_round_and_adds_its_remarks_and_closing_rows(tmp_path):
    path = old_schema_file(tmp_path, "0004")
    with DocumentFile.open(path) as doc:
        project = doc.read().departments[0].projects[0]
        assert (project.rounds[7].executed, project.rounds[7].forecast) == (Decimal("70.00"), Decimal("118.00"))
        assert (project.rounds[7].analysis, project.rounds[7].suggestion) == ("", "")
        kept = project.indicators[0].rounds[7]
        assert (kept.done, kept.forecast, kept.cause, kept.cause_text, kept.possibility, kept.note) == \
            ("40公里", "100公里", "经费保障", "资金下达晚", "有可能", "")
        assert project.indicators[1].rounds == {}
        with doc.transaction() as conn:  # the new columns take values
            repo.update_indicator(conn, project.indicators[0].id, m7_note="雨季停工")
            project.rounds[7].suggestion = "加快拨付"
            repo.update_project(conn, project)
        again = doc.read().departments[0].projects[0]
        assert again.indicators[0].rounds[7].note == "雨季停工" and again.indicators[0].rounds[7].done == "40公里"
        assert again.rounds[7].suggestion == "加快拨付"
    assert sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchone()[0] == \
        migrate.head_revision()


def test_migration_from_schema_0005_keeps_numbered_goals_and_takes_unnumbered_ones(tmp_path):
    from perfdesk.domain.fields import goals_text, parse_goals

    path = old_schema_file(tmp_path, "0005")
    with DocumentFile.open(path) as doc:
        project = doc.read().departments[0].projects[0]
        assert goals_text(project.goals) == "1.完成养护任务\n2.路况优良率提高"
        assert goals_text(project.mid_goals) == "1.三年完成全县县道养护"
        assert project.indicators[0].levels_as_written == ""
        with doc.transaction() as conn:  # the new columns take values
            project.goals = parse_goals("目标1：完成养护任务")
            repo.update_project(conn, project)
            repo.update_indicator(conn, project.indicators[0].id, levels_as_written="实施效果指标|数量指标")
        again = doc.read().departments[0].projects[0]
        assert goals_text(again.goals) == "目标1：完成养护任务"
        assert again.indicators[0].levels_as_written == "实施效果指标|数量指标"
    assert sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchone()[0] == migrate.head_revision()


def test_readonly_open_of_an_old_file_migrates_a_private_copy(tmp_path):
    path = old_schema_file(tmp_path)
    before = path.read_bytes()
    with DocumentFile.open(path, readonly=True) as doc:
        assert doc.read().departments[0].preparer == ""
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*备份*"))


def test_migrations_build_exactly_the_declared_schema(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from perfdesk.storage.table_columns import TABLE_COLUMNS

    with DocumentFile.create(tmp_path / "new.perfdesk") as doc, doc.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), schema.metadata)
        assert diff == []
        assert conn.exec_driver_sql("PRAGMA application_id").scalar() == schema.APPLICATION_ID
    # the names opening checks (without SQLAlchemy) are the declared schema's
    assert TABLE_COLUMNS == {table.name: tuple(c.name for c in table.columns) for table in schema.metadata.tables.values()}


def test_save_copy_uses_a_consistent_backup(tmp_path, seed_file, seed_doc):
    copy = tmp_path / "copy.perfdesk"
    with DocumentFile.open(seed_file) as doc:
        doc.save_copy(copy)
    with DocumentFile.open(copy) as doc:
        assert doc.read() == seed_doc


def test_save_as_continues_on_the_copy(tmp_path, seed_file):
    with DocumentFile.open(seed_file) as doc:
        copy = doc.save_as(tmp_path / "另存.perfdesk")
        first = copy.read().departments[0].projects[0].indicators[0]
        with copy.transaction() as conn:
            repo.update_indicator(conn, first.id, value="≥57万人")
        copy.close()
    with DocumentFile.open(tmp_path / "另存.perfdesk") as doc:
        assert doc.read().departments[0].projects[0].indicators[0].value == "≥57万人"
    with DocumentFile.open(seed_file) as doc:  # the original is unchanged and no longer locked
        assert doc.read().departments[0].projects[0].indicators[0].value == "56万人"


def test_tree_and_single_project(seed_file):
    with DocumentFile.open(seed_file) as doc, doc.reading() as conn:
        tree = repo.read_tree(conn)
        assert len(tree) == 1 and len(tree[0].projects) == 9
        entry = tree[0].projects[2]
        assert (entry.name, entry.secret, entry.indicator_count) == ("扫黑除恶专项斗争经费", True, 9)
        project = repo.read_project(conn, tree[0].projects[0].id)
        assert project.name == "综治工作经费" and len(project.indicators) == 9 and len(project.goals) == 2
        department = repo.read_department(conn, tree[0].id)
        assert department.overall_secret and len(department.items) == 9 and department.projects == []


def _names(doc, project_id):
    with doc.reading() as conn:
        return [i.name for i in repo.read_project(conn, project_id).indicators]


def test_indicator_edits(tmp_path):
    with DocumentFile.create(tmp_path / "e.perfdesk", example_document()) as doc:
        with doc.reading() as conn:
            pid = repo.read_tree(conn)[0].projects[2].id
            project = repo.read_project(conn, pid)
        names = [i.name for i in project.indicators]
        ids = [i.id for i in project.indicators]
        with doc.transaction() as conn:
            repo.insert_indicators(conn, pid, 1, [Indicator("产出指标", "数量指标", "新甲"),
                                                  Indicator("产出指标", "数量指标", "新乙")])
        assert _names(doc, pid) == [names[0], "新甲", "新乙", *names[1:]]
        with doc.transaction() as conn:
            repo.delete_indicators(conn, [ids[0], ids[2]])
        assert _names(doc, pid) == ["新甲", "新乙", names[1], *names[3:]]
        with doc.transaction() as conn:
            repo.move_indicators(conn, pid, [ids[1]], 0)
            repo.update_indicator(conn, ids[1], value="≥96%")
        assert _names(doc, pid)[0] == names[1]
        with doc.reading() as conn:
            positions = [position for position, in conn.execute(
                "SELECT position FROM indicator WHERE project_id = ? ORDER BY position", (pid,))]
            assert positions == list(range(len(positions)))
            assert repo.read_project(conn, pid).indicators[0].value == "≥96%"
        with pytest.raises(KeyError), doc.transaction() as conn:
            repo.update_indicator(conn, ids[1], colour="red")


def test_project_and_department_edits(tmp_path):
    with DocumentFile.create(tmp_path / "e.perfdesk", example_document()) as doc:
        with doc.reading() as conn:
            dept = repo.read_tree(conn)[0]
        with doc.transaction() as conn:
            new_id = repo.insert_project(conn, dept.id, Project(name="新项目", budget=Decimal("5.50"),
                                                                indicators=[Indicator("产出指标", "数量指标", "x")]), 1)
            repo.move_project(conn, dept.projects[0].id, dept.id, 4)
        with doc.reading() as conn:
            names = [p.name for p in repo.read_tree(conn)[0].projects]
        assert names == ["新项目", "森林防灭火物资储备经费", "应急救援队伍建设经费", "应急指挥通信保障经费", "安全生产监管执法经费"]
        with doc.transaction() as conn:
            project = repo.read_project(conn, new_id)
            project.goals = ["目标甲"]
            project.secret = True
            repo.update_project(conn, project)
            department = repo.read_department(conn, dept.id)
            department.measures = department.measures[:1]
            department.preparer = "王五"
            repo.update_department(conn, department)
        with doc.reading() as conn:
            assert repo.read_project(conn, new_id).goals == ["目标甲"]
            assert repo.read_department(conn, dept.id).preparer == "王五"
        with doc.transaction() as conn:
            repo.delete_department(conn, dept.id)
        with doc.reading() as conn:  # children went with it (foreign keys, ON DELETE CASCADE)
            assert repo.read_tree(conn) == []
            assert conn.execute("SELECT * FROM indicator").fetchone() is None


def test_nested_use_of_the_connection_is_a_programming_error(seed_file):
    with DocumentFile.open(seed_file) as doc, doc.transaction():
        with pytest.raises(RuntimeError, match="nested"):
            doc.read()


def test_failed_transaction_changes_nothing(tmp_path, seed_doc):
    with DocumentFile.create(tmp_path / "t.perfdesk", seed_doc) as doc:
        with pytest.raises(RuntimeError), doc.transaction() as conn:
            repo.clear_document(conn)
            raise RuntimeError("boom")
        assert doc.read() == seed_doc


def test_project_place_is_the_tree_position(tmp_path):
    with DocumentFile.create(tmp_path / "p.perfdesk", example_document()) as doc, doc.reading() as conn:
        for department in repo.read_tree(conn):
            for index, entry in enumerate(department.projects):
                assert repo.project_place(conn, entry.id) == (department.id, index)
        with pytest.raises(KeyError):
            repo.project_place(conn, 10**6)


def test_known_revisions_are_the_migration_scripts():
    """The constant that spares every open an Alembic import must follow the scripts."""
    from perfdesk.storage import migrate

    assert migrate.known_revisions() == migrate.script_revisions()


def test_opening_a_current_document_does_not_import_alembic(tmp_path, seed_doc):
    import subprocess
    import sys

    path = tmp_path / "d.perfdesk"
    DocumentFile.create(path, seed_doc).close()
    code = ("import sys; from perfdesk.storage import DocumentFile; d = DocumentFile.open(sys.argv[1], readonly=True); "
            "d.read(); print(any(m.startswith('alembic') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


def test_reading_a_document_does_not_load_sqlalchemy_and_the_first_write_does(tmp_path, seed_doc):
    """Issue 16: SQLAlchemy costs a start-up more than everything else; what only reads (the window's first paint,
    exports, the 审核) never loads it, and the first write then works on the same connection, in its transaction."""
    path = tmp_path / "d.perfdesk"
    DocumentFile.create(path, seed_doc).close()
    code = textwrap.dedent("""
        import sys
        from perfdesk.storage import DocumentFile, reads
        loaded = lambda: sorted({m.split(".")[0] for m in sys.modules if m.startswith(("sqlalchemy", "alembic"))})
        doc = DocumentFile.open(sys.argv[1])
        document = doc.read()
        with doc.reading() as conn:
            tree = reads.read_tree(conn)
            project = reads.read_project(conn, tree[0].projects[0].id)
            reads.read_department(conn, tree[0].id)
        findings = doc.check().findings
        print(loaded(), len(document.departments[0].projects), len(project.indicators), flush=True)
        from perfdesk.storage import repository
        with doc.transaction() as conn:
            repository.update_indicator(conn, project.indicators[0].id, value="≥57万人")
            print(reads.read_project(conn, project.id).indicators[0].value, loaded())
        doc.close()
        print(DocumentFile.open(sys.argv[1], readonly=True).read().departments[0].projects[0].indicators[0].value)
    """)
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["[] 9 9", "≥57万人 ['sqlalchemy']", "≥57万人"]


def test_national_fields_round_trip_through_the_file(tmp_path):
    """What the national 申报表 adds (主管部门, 项目属性/项目期, 中期 money, goals and indicators) is stored."""
    from perfdesk.domain.model import Department, Document

    project = Project(code="X1", name="农田水利", budget=Decimal("120.00"), executor="某县水务服务中心",
                      attribute="延续", period="2024-2026", mid_total=Decimal("360.00"), mid_fiscal=Decimal("300"),
                      mid_other=Decimal("60.00"), goals=["年度一", "年度二"], mid_goals=["中期一"],
                      indicators=[Indicator("产出指标", "数量指标", "中期渠道", value="≥30公里", phase="mid"),
                                  Indicator("产出指标", "数量指标", "年度渠道", value="≥10公里")])
    document = Document(form="national", rule_set="national",
                        departments=[Department(code="101", name="某县水务局", supervisor_code="101",
                                                supervisor_name="某县水务局", projects=[project])])
    path = tmp_path / "n.perfdesk"
    DocumentFile.create(path, document).close()
    with DocumentFile.open(path) as doc:
        assert doc.read() == document
        with doc.reading() as conn:
            read = repo.read_project(conn, project.id)
            assert (read.goals, read.mid_goals) == (["年度一", "年度二"], ["中期一"])
            assert [i.phase for i in read.indicators] == ["mid", "year"]
            assert repo.form_settings(conn) == ("national", document.taxonomy, "national")


def test_monitoring_rounds_and_self_evaluation_are_stored_beside_the_targets(tmp_path):
    """The values of each moment of the year live beside the indicator they are about, not in copies."""
    from perfdesk.domain.model import Department, Document, IndicatorRound, ProjectRound

    indicator = Indicator("产出指标", "数量指标", "演出场次", value="≥120场", adjusted_value="≥100场", actual="126场",
                          score=Decimal("25.00"), deviation="", weight=Decimal("25"),
                          rounds={7: IndicatorRound("70场", "125场", "", "", "确定能"),
                                  8: IndicatorRound("82场", "124场", possibility="确定能")})
    project = Project(code="Y1", name="送戏下乡", budget=Decimal("36.50"), executed=Decimal("34.68"),
                      adjusted_budget=Decimal("36.00"), goals_actual="全年演出126场",
                      rounds={7: ProjectRound(Decimal("20.10"), Decimal("36.00"))}, indicators=[indicator])
    document = Document(departments=[Department(code="1", name="某县文化馆", projects=[project])])
    path = tmp_path / "y.perfdesk"
    DocumentFile.create(path, document).close()
    with DocumentFile.open(path) as doc:
        assert doc.read() == document
        with doc.transaction() as conn:
            read = repo.read_project(conn, project.id)
            assert read.rounds == project.rounds and read.indicators[0].rounds == indicator.rounds
            repo.set_indicator_round(conn, indicator.id, 7, IndicatorRound("71场", "125场"))
            # deleted and brought back (an undo): the rounds come back with it
            kept = repo.read_project(conn, project.id).indicators[0]
            repo.delete_indicators(conn, [kept.id])
            assert conn.exec_driver_sql("SELECT * FROM indicator_round").all() == []  # they went with it
            repo.insert_indicators(conn, project.id, 0, [kept])
        again = doc.read().departments[0].projects[0].indicators[0]
        assert again.rounds[7].done == "71场" and again.rounds[8] == indicator.rounds[8]


def test_the_database_makes_every_id_when_a_document_is_added(tmp_path, seed_doc):
    """Server mode (many clerks on one database): perfdesk never hands out ids itself (no max(id)+1 read before
    an insert); the ids the database made are the ones on the objects, for a file that already has units."""
    import copy

    from sqlalchemy import event

    path = tmp_path / "d.perfdesk"
    DocumentFile.create(path, example_document()).close()
    added = copy.deepcopy(seed_doc)
    added.departments[0].projects[0].indicators[0].rounds = {}
    statements = []
    with DocumentFile.open(path) as doc:
        event.listen(doc.engine, "before_cursor_execute", lambda *args: statements.append(args[2].lower()))
        with doc.transaction() as conn:
            repo.write_document(conn, added)  # appended after the units already there
        stored = doc.read()
    assert not [sql for sql in statements if "max(" in sql and ".id)" in sql.replace(" ", "")], statements
    new = stored.departments[-len(added.departments):]
    assert new == added.departments
    assert [d.id for d in new] == [d.id for d in added.departments]
    assert [p.id for d in new for p in d.projects] == [p.id for d in added.departments for p in d.projects]
    assert [i.id for d in new for p in d.projects for i in p.indicators] == \
           [i.id for d in added.departments for p in d.projects for i in p.indicators]
    assert [g.id for d in new for g in d.items] == [g.id for d in added.departments for g in d.items]
    assert None not in [i.id for d in added.departments for p in d.projects for i in p.indicators]


def test_migration_from_schema_0006_gives_each_indicator_an_empty_goal_name_that_takes_a_value(tmp_path):
    path = old_schema_file(tmp_path, "0006")
    with DocumentFile.open(path) as doc:
        project = doc.read().departments[0].projects[0]
        assert [(i.phase, i.value, i.goal_name) for i in project.indicators] == [("mid", "≥900公里", ""),
                                                                                 ("year", "≥300公里", "")]
        with doc.transaction() as conn:
            repo.update_indicator(conn, project.indicators[1].id, goal_name="目标1：道路养护")
        again = doc.read().departments[0].projects[0]
        assert again.indicators[1].goal_name == "目标1：道路养护" and again.indicators[1].basis == "计划标准"
    assert sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchone()[0] == migrate.head_revision()


def test_a_sound_document_opened_with_its_checks_beside_is_written_as_usual(tmp_path, seed_doc):
    """open(verify_later=True) on a sound file: the checks pass (asked or not), the first write lands."""
    path = tmp_path / "d.perfdesk"
    DocumentFile.create(path, seed_doc).close()
    with DocumentFile.open(path, verify_later=True) as doc:
        first = doc.read().departments[0].projects[0].indicators[0]
        with doc.transaction() as conn:  # waits for the checks, then writes
            repo.update_indicator(conn, first.id, value="≥57万人")
        doc.verified()  # asked after they passed: nothing to say
    with DocumentFile.open(path, readonly=True) as doc:
        assert doc.read().departments[0].projects[0].indicators[0].value == "≥57万人"
