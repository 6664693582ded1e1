from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from cybersquad.admin import CoordinatorAdmin
from forum.models import HelpArticle, Theme


@admin.register(Theme)
class ThemeAdmin(CoordinatorAdmin, TranslationAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name_fr"]}


@admin.register(HelpArticle)
class HelpArticleAdmin(CoordinatorAdmin, TranslationAdmin):
    list_display = ["title", "theme", "position", "updated_at"]
    list_filter = ["theme"]
    prepopulated_fields = {"slug": ["title_fr"]}
