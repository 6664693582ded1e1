from modeltranslation.translator import TranslationOptions, register

from forum.models import HelpArticle, Theme


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("fr", "nl")


@register(HelpArticle)
class HelpArticleTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = ("fr", "nl")
