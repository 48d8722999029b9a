import { Module } from '@nestjs/common';
import { DiplomaService } from './diploma.service.js';

@Module({ providers: [DiplomaService], exports: [DiplomaService] })
export class DiplomasModule {}
