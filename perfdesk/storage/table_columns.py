"""The current schema's tables and their columns, as names: what opening a document checks are all there.

A constant beside schema.py's SQLAlchemy tables, so that opening a document to read it does not import
SQLAlchemy (storage/reads.py says why); tests/test_storage.py keeps the two equal.
"""

TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "document": ("id", "taxonomy", "form", "rule_set"),
    "department": ("id", "position", "code", "name", "year", "overall_goal", "overall_secret", "items_secret",
                   "measures_secret", "preparer", "phone", "supervisor_code", "supervisor_name", "functions"),
    "goal_item": ("id", "department_id", "position", "title", "goal", "indicator", "secret"),
    "measure": ("id", "department_id", "position", "text"),
    "project": ("id", "department_id", "position", "code", "name", "budget", "fiscal", "other", "fund_use", "plan0",
                "plan1", "plan2", "plan3", "secret", "executor", "attribute", "period", "mid_total", "mid_fiscal",
                "mid_other", "adjusted_budget", "executed", "goals_actual", "shortfall", "improvement",
                "goals_unnumbered", "mid_goals_unnumbered", "whole", "funds_total", "funds_personnel",
                "funds_operation", "funds_other_operation", "funds_specific"),
    "project_goal": ("id", "project_id", "position", "text", "phase"),
    "indicator": ("id", "project_id", "position", "level1", "level2", "name", "description", "value", "basis",
                  "phase", "weight", "direction", "actual", "previous_value", "previous_actual", "score", "band",
                  "deviation", "adjusted_value", "levels_as_written", "goal_name"),
    "indicator_round": ("id", "indicator_id", "month", "done", "forecast", "cause", "cause_text", "possibility",
                        "note"),
    "project_round": ("id", "project_id", "month", "executed", "forecast", "analysis", "suggestion"),
}
