"""The reports dashboard and its exports, the district population setting, the bundle dossier
and the public open-data page."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from engage.bundles.models import BundleStatus
from engage.bundles.queries import bundle_for_page
from engage.core.districts import DISTRICT_LABELS, DISTRICTS
from engage.core.permissions import require
from engage.extensions import db
from engage.reports import cache, exports, opendata, queries
from engage.reports import permissions as perms
from engage.reports.forms import FIELDS, ParsedFilter, parse_filter
from engage.reports.models import DistrictPopulation
from engage.reports.sections import sections

bp = Blueprint("reports", __name__)


def _parsed() -> ParsedFilter:
    require(perms.can_read_reports(current_user))
    return parse_filter(request.args, perms.report_scope(current_user))


def scope_labels(parsed: ParsedFilter) -> dict[str, str]:
    return {
        "theme": parsed.theme.name if parsed.theme else "",
        "process": parsed.process.title if parsed.process else "",
        "organisation": parsed.organisation.name if parsed.organisation else "",
    }


def _options() -> dict[str, list[tuple[str, str]]]:
    choices = queries.filter_choices(perms.report_scope(current_user))
    return {
        "theme": [(t.slug, t.name) for t in choices["themes"]],
        "process": [(str(p.id), p.title) for p in choices["processes"]],
        "organisation": [(o.slug, o.name) for o in choices["organisations"]],
    }


@bp.get("/reports/")
def dashboard():
    parsed = _parsed()
    report = cache.report(parsed.filter)
    return render_template(
        "reports/dashboard.html",
        parsed=parsed,
        values={key: request.args.get(key, "") for key in FIELDS},
        options=_options(),
        report=report,
        sections=sections(report),
        params=parsed.filter.as_params(),
        can_edit_districts=perms.can_edit_district_populations(current_user),
    )


@bp.get("/reports/export.<fmt>")
def export(fmt: str):
    if fmt not in exports.FORMATS:
        abort(404)
    parsed = _parsed()
    report = cache.report(parsed.filter)
    labels = scope_labels(parsed)
    body = exports.report_file(fmt, report, labels)
    return Response(
        body,
        mimetype=exports.MIMETYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{exports.filename(fmt)}"'},
    )


@bp.route("/reports/districts", methods=["GET", "POST"])
def districts():
    """The population of each district (administrators), the base of representativeness."""
    require(perms.can_edit_district_populations(current_user))
    rows = {row.district: row for row in db.session.scalars(db.select(DistrictPopulation))}
    values = {d: str(rows[d].population) if d in rows else "" for d in DISTRICTS}
    errors: dict[str, str] = {}
    if request.method == "POST":
        numbers: dict[str, int] = {}
        for district in DISTRICTS:
            raw = (request.form.get(district) or "").strip().replace(".", "").replace(" ", "")
            values[district] = request.form.get(district) or ""
            if not raw.isdigit() or len(raw) > 8:
                errors[district] = _("Enter the number of residents as a whole number.")
            else:
                numbers[district] = int(raw)
        if not errors and sum(numbers.values()) == 0:
            errors[DISTRICTS[0]] = _("At least one district must have residents.")
        if not errors:
            for district, number in numbers.items():
                row = rows.get(district)
                if row is None:
                    db.session.add(DistrictPopulation(district=district, population=number))
                else:
                    row.population = number
            db.session.commit()
            flash(_("The population figures were saved."), "success")
            return redirect(url_for("reports.districts"))
    return render_template(
        "reports/districts.html",
        districts=[(d, str(DISTRICT_LABELS[d])) for d in DISTRICTS],
        values=values,
        errors=errors,
    ), (400 if errors else 200)


@bp.get("/bundles/<int:bundle_id>/dossier.pdf")
def dossier(bundle_id: int):
    bundle = bundle_for_page(bundle_id)
    if bundle is None:
        abort(404)
    require(perms.can_read_bundle_dossier(current_user, bundle))
    if bundle.status == BundleStatus.DRAFT and not perms.can_read_reports(current_user):
        abort(404)
    return Response(
        exports.dossier_pdf(bundle),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="bundle-{bundle.id}-dossier.pdf"'},
    )


@bp.app_template_global("can_read_bundle_dossier")
def can_read_bundle_dossier(bundle) -> bool:
    return perms.can_read_bundle_dossier(current_user, bundle)


@bp.app_template_global("can_open_reports")
def can_read_reports_global(user=None) -> bool:
    return perms.can_read_reports(user if user is not None else current_user)


# --- open data ---------------------------------------------------------------------------------


@bp.get("/open-data/")
def open_data():
    return render_template(
        "reports/open_data.html",
        datasets=opendata.DATASETS,
        licence=opendata.LICENCE,
        counts=opendata.dataset_counts(),
    )


@bp.get("/open-data/<dataset>.<fmt>")
def open_data_file(dataset: str, fmt: str):
    if dataset not in opendata.DATASETS or fmt not in ("csv", "json"):
        abort(404)
    body = opendata.csv_file(dataset) if fmt == "csv" else opendata.json_file(dataset)
    return Response(
        body,
        mimetype=exports.MIMETYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="engage-bochum-{dataset}.{fmt}"'},
    )
