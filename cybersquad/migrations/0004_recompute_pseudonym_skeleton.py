# Skeletons now keep digits that look like no letter and the letters of every script, and map
# look-alike letters before changing case (review of issue 8, finding 8): recompute them.

from django.db import migrations


def recompute(apps, schema_editor):
    # The code of the day on purpose: the stored skeletons must match what sign-up compares.
    from cybersquad.pseudonyms import skeleton

    User = apps.get_model("cybersquad", "User")
    for user in User.objects.only("pk", "username", "pseudonym_skeleton").iterator(chunk_size=2000):
        shape = skeleton(user.username)
        if shape != user.pseudonym_skeleton:
            User.objects.filter(pk=user.pk).update(pseudonym_skeleton=shape)


class Migration(migrations.Migration):
    dependencies = [
        ("cybersquad", "0003_pseudonym_skeleton"),
    ]

    operations = [
        migrations.RunPython(recompute, migrations.RunPython.noop),
    ]
