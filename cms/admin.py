"""Django admin for the tags Wagtail pages use.

django-taggit's "merge tags" admin page checks only that the user is staff: any staff member
(the Finance group, say) could create and merge tags. Here it needs the tag change permission,
like the rest of the tag admin.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from taggit.admin import TagAdmin
from taggit.models import Tag


class PermissionCheckedTagAdmin(TagAdmin):
    def merge_tags_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        return super().merge_tags_view(request)


admin.site.unregister(Tag)
admin.site.register(Tag, PermissionCheckedTagAdmin)
