"""Publication layer: dataset metadata and reports built from plain data.

Pure functions (no file I/O, no Prefect): they take Arrow schemas, file lists with
sha256 and size, and the stats dict aggregated by :class:`StatsAccumulator`, and
return dicts or strings. ``flows.store.publish`` reads the output folder and writes
the results.

* :mod:`.croissant`   Croissant 1.1 JSON-LD (``croissant.json``)
* :mod:`.datapackage` Frictionless Data Package (``datapackage.json``)
* :mod:`.card`        dataset card with Hugging Face YAML header (``README.md``)
* :mod:`.report`      self-contained HTML report (``report.html``) and Prefect artifacts
* :mod:`.shapes`      SHACL shapes for the schema.org Article JSON-LD
* :mod:`.stats`       streaming aggregation of the Parquet tables into the stats dict
"""

from flows.publish.card import build_card
from flows.publish.croissant import build_croissant
from flows.publish.datapackage import build_datapackage
from flows.publish.meta import DatasetMeta, dataset_meta
from flows.publish.report import build_report_html, report_artifacts
from flows.publish.shapes import ARTICLE_SHAPES_TTL, TYPING_CONTEXT
from flows.publish.stats import StatsAccumulator
from flows.publish.tables import FileEntry, TableSpec

__all__ = [
    "ARTICLE_SHAPES_TTL",
    "TYPING_CONTEXT",
    "DatasetMeta",
    "FileEntry",
    "StatsAccumulator",
    "TableSpec",
    "build_card",
    "build_croissant",
    "build_datapackage",
    "build_report_html",
    "dataset_meta",
    "report_artifacts",
]
