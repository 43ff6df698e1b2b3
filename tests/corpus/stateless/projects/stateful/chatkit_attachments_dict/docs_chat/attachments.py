# expect: SA107
"""ChatKit attachment store keeping uploaded files in dictionaries."""

from chatkit.store import AttachmentStore
from chatkit.types import Attachment, AttachmentCreateParams, FileAttachment


class MemoryAttachmentStore(AttachmentStore[dict]):
    def __init__(self) -> None:
        self.metadata: dict[str, Attachment] = {}
        self.files: dict[str, bytes] = {}

    async def create_attachment(
        self, input: AttachmentCreateParams, context: dict
    ) -> Attachment:
        attachment_id = self.generate_attachment_id(input.mime_type, context)
        attachment = FileAttachment(id=attachment_id, name=input.name, mime_type=input.mime_type)
        self.metadata[attachment_id] = attachment
        return attachment

    def upload(self, attachment_id: str, content: bytes) -> None:
        self.files[attachment_id] = content

    async def delete_attachment(self, attachment_id: str, context: dict) -> None:
        self.metadata.pop(attachment_id, None)
        self.files.pop(attachment_id, None)
