"""The lazy tree model: qtmodeltester, lazy indicator loading, search."""

import pytest

from perfdesk.storage import DocumentFile


@pytest.fixture
def session(tmp_path, seed_doc, qapp):
    from perfdesk.ui.session import DocumentSession

    s = DocumentSession(DocumentFile.create(tmp_path / "t.perfdesk", seed_doc))
    yield s
    s.close()


def test_model_passes_qtmodeltester(qtmodeltester, session):
    from perfdesk.ui.tree_model import TreeModel

    model = TreeModel(session)
    qtmodeltester.check(model)
    model.fetchMore(model.index(0, 0))
    qtmodeltester.check(model)
    project = model.index(0, 0, model.index(0, 0))
    model.fetchMore(project)
    qtmodeltester.check(model)
    model.set_search("满意度")
    qtmodeltester.check(model)


def test_projects_and_indicators_load_only_when_asked(session):
    from perfdesk.ui.tree_model import TreeModel

    model = TreeModel(session)
    dept = model.index(0, 0)
    assert model.hasChildren(dept) and model.rowCount(dept) == 0 and model.canFetchMore(dept)
    model.fetchMore(dept)
    assert model.rowCount(dept) == 9 and not model.canFetchMore(dept)
    project = model.index(0, 0, dept)
    assert model.hasChildren(project) and model.rowCount(project) == 0 and model.canFetchMore(project)
    model.fetchMore(project)
    assert model.rowCount(project) == 9
    assert model.index(1, 0, project).data() == "平安建设各项重点指标完成率"
    assert model.index(2, 0, dept).data() == "130322218FKDVVNNHIXCU 扫黑除恶专项斗争经费（涉密）"


def test_search_filters_by_code_name_and_indicator_text(session):
    from perfdesk.ui.tree_model import TreeModel

    model = TreeModel(session)
    model.set_search("1303222158GWYR")
    assert model.rowCount(model.index(0, 0)) == 1
    model.set_search("光纤")
    names = [model.index(r, 0, model.index(0, 0)).data() for r in range(model.rowCount(model.index(0, 0)))]
    assert names == ["13032221ZVXMA0DVNK337 政法网光纤租赁费"]
    model.set_search("调查问卷")  # an indicator's 指标值确定依据: projects keep only matching indicators
    dept = model.index(0, 0)
    assert model.rowCount(dept) == 7
    project = model.index(0, 0, dept)
    model.fetchMore(project)
    assert model.rowCount(project) == 1 and model.index(0, 0, project).data() == "群众满意度"
    model.set_search("不存在的文字")
    assert model.rowCount() == 0
    model.set_search("")
    assert model.rowCount(model.index(0, 0)) == 0  # lazy again
    model.fetchMore(model.index(0, 0))
    assert model.rowCount(model.index(0, 0)) == 9


def test_index_of_an_indicator_fetches_its_department_and_project(session):
    from perfdesk.storage import reads
    from perfdesk.ui.tree_model import INDICATOR, PROJECT, TreeModel

    model = TreeModel(session)
    assert model.rowCount(model.index(0, 0)) == 0  # nothing below the departments loaded yet
    project_id = session.read(reads.read_tree)[0].projects[4].id
    target = session.project(project_id).indicators[3]
    index = model.index_of(INDICATOR, target.id)
    assert index.isValid() and index.data() == target.name and index.parent().row() == 4
    assert model.index_of(PROJECT, project_id) == index.parent()


def test_project_form_model_passes_qtmodeltester(qtmodeltester, session):
    from perfdesk.storage import repository as repo
    from perfdesk.ui.project_model import ProjectFormModel

    model = ProjectFormModel(session)
    qtmodeltester.check(model)  # empty
    model.load(session.read(repo.read_tree)[0].projects[0].id)
    qtmodeltester.check(model)
    assert model.rowCount() == 8 + 9 and model.columnCount() == 9
