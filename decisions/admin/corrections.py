"""The admin side of "corrections win": what an editor changes is marked as corrected."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from ..corrections import forget_corrections, mark_corrected, reread_letters
from ..locking import LockHeld
from ..models import Case


def has_corrected_fields(model) -> bool:
    return any(field.name == "corrected_fields" for field in model._meta.fields)


def mark_inline_corrections(request, formset) -> None:
    """Mark the fields an editor changed in the existing rows of an inline formset."""
    if not has_corrected_fields(formset.model):
        return
    for form in formset.initial_forms:
        if form.has_changed() and not form.cleaned_data.get("DELETE"):
            mark_corrected(form.instance, form.changed_data)
            form.instance._history_user = request.user


class CorrectionsAdmin(SimpleHistoryAdmin):
    """Marks changed fields as corrected, shows the marks, and lets an editor forget them.

    The history pages (SimpleHistoryAdmin) show who changed what, with old and new values.
    Reverting from a history page is switched off: it would also restore the old source
    fields and correction marks; an editor copies the previous value from the history instead.
    """

    actions = ["forget_corrections_action"]

    def save_model(self, request, obj, form, change):
        mark_corrected(obj, form.changed_data)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        mark_inline_corrections(request, formset)
        super().save_formset(request, form, formset, change)

    @admin.display(description="corrected fields")
    def corrected(self, obj):
        return ", ".join(obj.corrected_fields) or "-"

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

    def case_ids(self, queryset):
        """The ids of the cases the selected objects belong to."""
        raise NotImplementedError

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
