"""Return codes were stored as a bare SHA-256 of the code; now as an HMAC keyed with the
server's SECRET_KEY. The codes themselves were never kept, so the HMAC is taken over the
stored SHA-256 (chat.models.code_digest does the same for new codes): every existing code
keeps working and no bare hash stays in the database.

Irreversible: the SHA-256 cannot be recovered from the HMAC. Run it with the SECRET_KEY the
site runs with (a later key change is covered by SECRET_KEY_FALLBACKS).
"""

from django.db import migrations
from django.utils.crypto import salted_hmac

# Must equal chat.models.RETURN_CODE_SALT; copied so that this migration never changes.
RETURN_CODE_SALT = "cybersquad.chat.return-code"


def hmac_the_stored_digests(apps, schema_editor) -> None:
    Conversation = apps.get_model("chat", "Conversation")
    legacy = Conversation.objects.exclude(code_digest="").only("pk", "code_digest")
    for conversation in legacy.iterator(chunk_size=1000):
        digest = salted_hmac(RETURN_CODE_SALT, conversation.code_digest, algorithm="sha256")
        Conversation.objects.filter(pk=conversation.pk).update(code_digest=digest.hexdigest())


class Migration(migrations.Migration):
    dependencies = [
        ("chat", "0005_escalation_paths"),
    ]

    operations = [
        migrations.RunPython(hmac_the_stored_digests, elidable=False),
    ]
