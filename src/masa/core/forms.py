"""GOV.UK Frontend classes and error wiring for Django forms: the bound field that adds the
classes, the GOV.UK date input (`GovukDateField`) and `show_refusal`, which puts a service's
refusal next to the fields it names.

Render a `GovukDateField` with `core/includes/date_field.html` (fieldset, legend, hint, error
and the Day, Month and Year boxes); its boxes are posted as `<name>-day`, `<name>-month` and
`<name>-year`, and the day box carries the field's id so the error summary links to it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

DATE_PARTS = ("day", "month", "year")
DEFAULT_DATE_HINT = "For example, 27 3 2017"

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


class GovukDateWidget(forms.Widget):
    """Day, month and year boxes (GOV.UK date input). What the person typed is shown back
    unchanged; after an error only the empty boxes are marked, or all three if none is empty."""

    template_name = "core/widgets/date_input.html"

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        return [str(data.get(f"{name}-{part}", "")) for part in DATE_PARTS]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return not any(f"{name}-{part}" in data for part in DATE_PARTS)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if isinstance(value, datetime.date):
            values = [str(value.day), str(value.month), str(value.year)]
        elif isinstance(value, list | tuple) and len(value) == len(DATE_PARTS):
            values = ["" if v is None else str(v) for v in value]
        else:
            values = ["", "", ""]
        attrs = attrs or {}
        base_id = attrs.get("id", f"id_{name}")
        error = "--error" in attrs.get("class", "")
        some_empty = any(not v.strip() for v in values) and any(v.strip() for v in values)
        context["widget"]["boxes"] = [
            {
                "name": f"{name}-{part}",
                "id": base_id if part == "day" else f"{base_id}-{part}",
                "label": part.capitalize(),
                "value": text,
                "width": 4 if part == "year" else 2,
                "error": error and (not some_empty or not text.strip()),
            }
            for part, text in zip(DATE_PARTS, values, strict=True)
        ]
        return context


class GovukDateField(forms.Field):
    """A date typed as day, month and year, with GOV.UK's messages naming what is wrong:
    "Enter the due date", "The due date must include a month", "The due date must be a real
    date". `what` names the date in those messages, like "the due date"."""

    widget = GovukDateWidget

    def __init__(self, *, what: str, **kwargs: Any) -> None:
        self.what = what
        kwargs.setdefault("help_text", DEFAULT_DATE_HINT)
        super().__init__(**kwargs)

    @property
    def _what(self) -> str:
        return self.what[:1].upper() + self.what[1:]

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, datetime.date):
            return value
        parts = [str(part).strip() for part in (value or ["", "", ""])]
        if not any(parts):
            return None
        missing = [name for name, part in zip(DATE_PARTS, parts, strict=True) if not part]
        if missing:
            raise ValidationError(f"{self._what} must include a {' and '.join(missing)}")
        if not all(part.isascii() and part.isdigit() for part in parts) or len(parts[2]) != 4:
            raise ValidationError(f"{self._what} must be a real date")
        try:
            return datetime.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            raise ValidationError(f"{self._what} must be a real date") from None

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            raise ValidationError(f"Enter {self.what}")

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(data) != self.to_python(initial)
        except ValidationError:
            return True


def show_refusal(form: forms.Form, refusal: ValidationError) -> None:
    """Put a service's refusal beside the fields it names, or above the form when it names
    none (or a field the form does not have)."""
    problems = refusal.message_dict if hasattr(refusal, "error_dict") else {None: refusal.messages}
    for field, texts in problems.items():
        for text in texts:
            form.add_error(field if field in form.fields else None, text)
