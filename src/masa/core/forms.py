"""GOV.UK Frontend classes and error wiring for Django forms."""

from __future__ import annotations

from typing import Any

from django import forms

_WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.FileInput: "govuk-file-upload",
}


class GovukBoundField(forms.BoundField):
    def build_widget_attrs(self, attrs: dict[str, Any], widget: Any = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css = next(
            (css for kind, css in _WIDGET_CLASSES.items() if isinstance(widget, kind)),
            "govuk-input",
        )
        if self.errors:
            css += f" {css}--error"
        attrs["class"] = f"{css} {attrs.get('class', '')}".strip()
        described_by = []
        if self.help_text:
            described_by.append(f"{self.auto_id}-hint")
        if self.errors:
            described_by.append(f"{self.auto_id}-error")
        if described_by:
            attrs["aria-describedby"] = " ".join(described_by)
        return attrs


class GovukForm(forms.Form):
    bound_field_class = GovukBoundField
    # GOV.UK error messages say what to do; the required message is set per field.
    template_name = "core/includes/form_fields.html"
