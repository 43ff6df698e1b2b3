"""ChatKit attachments: metadata in the database, bytes in S3."""

import boto3
from chatkit.store import AttachmentStore
from chatkit.types import Attachment, AttachmentCreateParams, FileAttachment
from sqlalchemy import Engine
from sqlmodel import Session

from docs_chat.db import AttachmentRow


class S3AttachmentStore(AttachmentStore[dict]):
    def __init__(self, bucket: str, engine: Engine) -> None:
        self.bucket = bucket
        self.engine = engine
        self.s3 = boto3.client("s3")

    async def create_attachment(
        self, input: AttachmentCreateParams, context: dict
    ) -> Attachment:
        attachment_id = self.generate_attachment_id(input.mime_type, context)
        with Session(self.engine) as session:
            session.add(AttachmentRow(id=attachment_id, name=input.name, mime_type=input.mime_type))
            session.commit()
        upload = self.s3.generate_presigned_post(self.bucket, attachment_id, ExpiresIn=600)
        return FileAttachment(
            id=attachment_id,
            name=input.name,
            mime_type=input.mime_type,
            upload_url=upload["url"],
        )

    async def delete_attachment(self, attachment_id: str, context: dict) -> None:
        self.s3.delete_object(Bucket=self.bucket, Key=attachment_id)
        with Session(self.engine) as session:
            row = session.get(AttachmentRow, attachment_id)
            if row is not None:
                session.delete(row)
                session.commit()
