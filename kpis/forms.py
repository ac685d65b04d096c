from django import forms
from django.utils.translation import gettext_lazy as _


class FactsUploadForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))


class FactsConfirmForm(forms.Form):
    upload = forms.CharField(widget=forms.HiddenInput, max_length=64)
