"""The admin side of "corrections win": what an editor changes is marked as corrected."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from decisions.admin.corrections import forget_corrections, mark_corrected, reread_letters
from decisions.ingest.locking import LockHeld
from decisions.models import Case
from decisions.summaries import tallies_follow


def has_corrected_fields(model) -> bool:
    return any(field.name == "corrected_fields" for field in model._meta.fields)


def compare_with_the_page_as_shown(form_class):
    """Make `changed_data` mean what the editor changed on the page: every field carries the
    value it was shown with (a hidden initial), so a field the editor did not touch is not
    marked even when an ingest changed the row while the page was open."""
    for field in form_class.base_fields.values():
        field.show_hidden_initial = True
    return form_class


def keep_untouched_fields_as_stored(form) -> None:
    """Give the fields the editor did not change their stored values back (`form.initial` is
    the row as stored when the form came in), so a page opened before an ingest does not
    undo what the ingest wrote."""
    opts = form.instance._meta
    for name in form.fields:
        if name not in form.changed_data and name in form.initial:
            setattr(form.instance, opts.get_field(name).attname, form.initial[name])


def save_correction(form) -> None:
    """Before saving a form's object: stored values for untouched fields, marks for the rest."""
    keep_untouched_fields_as_stored(form)
    mark_corrected(form.instance, form.changed_data)


def mark_inline_corrections(request, formset) -> None:
    """Prepare the existing rows of an inline formset that the editor changed."""
    if not has_corrected_fields(formset.model):
        return
    for form in formset.initial_forms:
        if form.has_changed() and not form.cleaned_data.get("DELETE"):
            save_correction(form)
            form.instance._history_user = request.user


class CorrectedColumn:
    """The "corrected fields" column and read-only field of cases, items and citations."""

    @admin.display(description="corrected fields")
    def corrected(self, obj):
        return ", ".join(obj.corrected_fields) or "-"


class LetterRowsInline(CorrectedColumn, admin.TabularInline):
    """Items of a case, citations of an item: the letter says which exist, editors correct
    them here or on their own page (the change link)."""

    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        compare_with_the_page_as_shown(formset.form)
        return formset


class CountsFollowEdits:
    """Saving a change moves the archive's counts (and the export's rows) with it
    (decisions/summaries.py): the cases it touches are counted before and after."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST" or object_id is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        chosen = self.case_ids(self.model.objects.filter(pk=object_id))
        with tallies_follow(case_id for row in chosen for case_id in row.values()):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def case_ids(self, queryset):
        """The ids of the cases the selected objects belong to (or are read by)."""
        raise NotImplementedError


class CorrectionsAdmin(CountsFollowEdits, CorrectedColumn, SimpleHistoryAdmin):
    """Marks changed fields as corrected, shows the marks, and lets an editor forget them.

    The history pages (SimpleHistoryAdmin) show who changed what, with old and new values.
    Reverting from a history page is switched off: it would also restore the old source
    fields and correction marks; an editor copies the previous value from the history instead.
    """

    actions = ["forget_corrections_action"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        return compare_with_the_page_as_shown(super().get_form(request, obj, change, **kwargs))

    def save_model(self, request, obj, form, change):
        save_correction(form)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        mark_inline_corrections(request, formset)
        super().save_formset(request, form, formset, change)

    @admin.action(description="Forget corrections: follow the letter again", permissions=["change"])
    def forget_corrections_action(self, request, queryset):
        forgotten = forget_corrections(queryset, request.user)
        self.message_user(
            request,
            f"Forgot the corrections of {forgotten} {self.model._meta.verbose_name_plural}.",
            messages.SUCCESS,
        )
        if forgotten:
            self.reread(request, Case.objects.filter(pk__in=self.case_ids(queryset)))

    def reread(self, request, cases):
        """Read the letters again now, so that the forgotten fields follow them."""
        try:
            summary, missing = reread_letters(cases)
        except LockHeld as error:
            self.message_user(
                request,
                f"The letters were not read again: {error}. Run ingest_letters --force on "
                "them later to follow the letters.",
                messages.WARNING,
            )
            return
        if summary is not None:
            self.message_user(request, f"Letters read again: {summary.closing_line()}.")
        if missing:
            self.message_user(
                request,
                "Not found here, so not read again (run ingest_letters --force where they "
                f"are): {', '.join(missing)}",
                messages.WARNING,
            )

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied("Reverting from the history is switched off.")
        return super().history_form_view(request, object_id, version_id, extra_context)
