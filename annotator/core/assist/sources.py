"""Build the enabled sources of a project's suggestion settings.

A source that cannot start (a library not installed, a pattern file with a bad line,
a spaCy pipeline that is not installed) does not stop the others: it is reported in
:attr:`Built.problems` with a message for the user, and the rest still suggest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.assist.suggestions import CONFIG_KEY, AssistConfig, Source, Suggester
from annotator.core.assist.suggestions import model_dir as default_model_dir
from annotator.core.editing.suggestion_edits import SetSuggestionSettings
from annotator.core.errors import AnnotatorError, MissingDependency
from annotator.core.project import Project
from annotator.core.store import queries


def load_config(project: Project) -> AssistConfig:
    """The project's suggestion settings (the defaults until someone changes them)."""
    return AssistConfig.from_json(queries.project_info(project.db).get(CONFIG_KEY))


def save_config(project: Project, config: AssistConfig) -> SetSuggestionSettings:
    """Store settings as an edit (undoable); returns the applied edit."""
    edit = SetSuggestionSettings(config.to_json())
    project.apply(edit)
    return edit


@dataclass
class Built:
    suggester: Suggester
    problems: dict[str, str] = field(default_factory=dict)  # source -> what is wrong
    missing: list[MissingDependency] = field(default_factory=list)
    model: object | None = None  # the trained model, when the model source is on


def build(
    project: Project,
    config: AssistConfig,
    *,
    model_path: Path | None = None,
) -> Built:
    """A :class:`Suggester` over every enabled source that could start."""
    from annotator.core.assist import crf, patterns, pipelines, propagation

    sources: list[Source] = []
    problems: dict[str, str] = {}
    missing: list[MissingDependency] = []
    trained = None
    for name in config.enabled():
        try:
            if name == "propagation":
                sources.append(propagation.DocumentPropagation())
            elif name == "corpus":
                sources.append(propagation.CorpusPropagation.from_project(project))
            elif name == "patterns":
                base = project.path.parent if project.path is not None else None
                sources.append(patterns.PatternSource.from_files(config.patterns, base=base))
            elif name == "model":
                trained = crf.load_model(
                    model_path if model_path is not None else default_model_dir(project.location)
                )
                if trained is None:
                    problems[name] = (
                        "no model has been trained yet: mark some documents done, then "
                        "train (annotator train, or Suggestions > Train now)"
                    )
                else:
                    sources.append(trained)
            elif name == "pipeline":
                sources.append(pipelines.PipelineSource(config.pipeline, config.pipeline_labels))
        except MissingDependency as exc:
            missing.append(exc)
            problems[name] = str(exc)
        except AnnotatorError as exc:
            problems[name] = str(exc)
    return Built(Suggester(project.schema, sources, config.threshold), problems, missing, trained)
