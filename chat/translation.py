from modeltranslation.translator import TranslationOptions, register

from chat.models import CannedReply


@register(CannedReply)
class CannedReplyTranslationOptions(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("fr", "nl")
