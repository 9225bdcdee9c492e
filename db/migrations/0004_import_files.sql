CREATE TABLE "import_files" (
	"id" serial PRIMARY KEY NOT NULL,
	"import_id" integer NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"path" text NOT NULL,
	"entry" text,
	"format" text NOT NULL,
	"bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"rows" integer,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "import_files" ADD CONSTRAINT "import_files_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "import_files_position_key" ON "import_files" USING btree ("import_id","position");--> statement-breakpoint
CREATE INDEX "import_files_sha_idx" ON "import_files" USING btree ("sha256");